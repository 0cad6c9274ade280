import { parseCookie } from "next/dist/compiled/@edge-runtime/cookies/index.js";

// Auth.js names the cookie with the __Secure- prefix on HTTPS deployments.
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"];
const SESSION_TOKEN = /^[0-9a-f]{64}$/;

/** The session token among cookie values looked up by name (see encodeSession in ./config), or null. */
export function sessionTokenFrom(cookie: (name: string) => string | undefined): string | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const value = cookie(name);
    if (value !== undefined && SESSION_TOKEN.test(value)) return value;
  }
  return null;
}

/**
 * The session token a raw Cookie header carries, read as Next.js' cookies() reads it (its own parser: the last of
 * two same-named cookies wins, a value that does not percent-decode is skipped). For code that runs outside Next's
 * request scope: the fast vote path (lib/http/fast-vote.ts).
 */
export function sessionTokenFromCookieHeader(header: string | null | undefined): string | null {
  if (!header) return null;
  const cookies = parseCookie(header);
  return sessionTokenFrom((name) => cookies.get(name));
}
