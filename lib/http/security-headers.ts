// Security headers for every response. Pages rendered per request get a strict Content-Security-Policy
// with a fresh nonce for Next.js' scripts; pages served from the static cache (the public leaderboard)
// cannot carry a per-request nonce, so they get a policy that allows inline scripts but nothing from
// other origins. Those pages show no user-written text. See docs/decisions/080-security-headers.md.

export const STATIC_PAGE_PREFIXES = ["/leaderboard"];

export function isStaticPage(pathname: string): boolean {
  return STATIC_PAGE_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

export function contentSecurityPolicy(options: { nonce: string | null; development: boolean }): string {
  const scripts = options.nonce
    ? [`'self'`, `'nonce-${options.nonce}'`, `'strict-dynamic'`]
    : [`'self'`, `'unsafe-inline'`];
  if (options.development) scripts.push(`'unsafe-eval'`); // React's development build needs eval
  return [
    `default-src 'self'`,
    `script-src ${scripts.join(" ")}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${options.development ? " ws: wss:" : ""}`,
    `frame-ancestors 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `object-src 'none'`,
  ].join("; ");
}

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a sane upstream request id (from a load balancer) or makes a new one. */
export function requestIdFrom(header: string | null): string {
  return header && REQUEST_ID.test(header) ? header : crypto.randomUUID();
}

/** The policy for API answers (JSON, CSV, files, event streams): nothing in them may run or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Request id and security headers on an API answer. API routes (all but Auth.js's) do not pass through
 * proxy.ts: Next.js' request hook costs more CPU than a whole vote, so route() sets these itself.
 */
export function withApiHeaders(response: Response, requestId: string): Response {
  let target = response;
  try {
    target.headers.set("x-request-id", requestId);
  } catch {
    // Immutable headers (a Response made by fetch or Response.redirect): copy it.
    target = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    target.headers.set("x-request-id", requestId);
  }
  for (const [name, value] of Object.entries(apiSecurityHeaders())) target.headers.set(name, value);
  return target;
}

/** The security headers of every API answer besides its request id (withApiHeaders, and the fast vote path in lib/http/fast-vote.ts). */
export function apiSecurityHeaders(): Record<string, string> {
  return { "Content-Security-Policy": API_CONTENT_SECURITY_POLICY, ...STATIC_SECURITY_HEADERS };
}
