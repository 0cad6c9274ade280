import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import {
  contentSecurityPolicy,
  isStaticPage,
  requestIdFrom,
  STATIC_SECURITY_HEADERS,
} from "@/lib/http/security-headers";

// Runs before every page request and Auth.js's routes: a request id for the logs, a CSP nonce for pages
// rendered per request, and the security headers. The other API routes skip it (it costs more CPU than a
// vote): route() in lib/http/route.ts gives them the same headers. Authorization is not done here (it lives in lib/).

export async function proxy(request: NextRequest) {
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
  const problem = await malformedRequest(request, isPage);
  if (problem) {
    const refused = NextResponse.json({ error: { code: problem.code, message: problem.message } }, { status: problem.status });
    refused.headers.set("x-request-id", requestId);
    for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) refused.headers.set(name, value);
    return refused;
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

// Requests Next.js itself would answer with a bare 500 before any of our code runs.
async function malformedRequest(request: NextRequest, isPage: boolean) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return { status: 400, code: "bad_request", message: "The URL path is not valid percent-encoded UTF-8." };
  }
  const multipart = /^multipart\/form-data/i.test(request.headers.get("content-type") ?? "");
  if (multipart && request.method !== "GET" && request.method !== "HEAD") {
    if (!isPage) return { status: 415, code: "unsupported_media_type", message: "The API takes JSON bodies, not multipart forms." };
    // Pages take multipart posts only as form submissions of server actions (sign-in, sign-out).
    try {
      await request.clone().formData();
    } catch {
      return { status: 400, code: "bad_request", message: "The form body is not valid multipart/form-data." };
    }
  }
  return null;
}

export const config = {
  matcher: [
    { source: "/((?!_next/static|_next/image|favicon.ico|api/(?!auth/)).*)" },
    // Percent-escapes in an API path: Next.js answers a bare 500 to one that does not decode.
    { source: "/api/(.*%.*)" },
    // Multipart bodies: Next.js takes a multipart POST to a path without a route for a form action and fails on a malformed one.
    { source: "/api/:path*", has: [{ type: "header", key: "content-type", value: "[Mm][Uu][Ll][Tt][Ii][Pp][Aa][Rr][Tt]/.*" }] },
  ],
};
