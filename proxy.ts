import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import {
  contentSecurityPolicy,
  isStaticPage,
  requestIdFrom,
  STATIC_SECURITY_HEADERS,
} from "@/lib/http/security-headers";

// Runs before every request: a request id for the logs, a CSP nonce for pages rendered per request,
// and the security headers. Authorization is not done here (it lives in lib/).

export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  const pathname = request.nextUrl.pathname;
  const isPage = !pathname.startsWith("/api/");
  const nonce = isPage && !isStaticPage(pathname) ? btoa(crypto.randomUUID()) : null;
  const csp = contentSecurityPolicy({ nonce, development: getEnv().NODE_ENV === "development" });

  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  if (nonce) {
    // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
