import { cookies } from "next/headers";

// Auth.js names the cookie with the __Secure- prefix on HTTPS deployments.
const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"];
const SESSION_TOKEN = /^[0-9a-f]{64}$/;

/**
 * The session token the request's cookie carries (see encodeSession in ./config), or null. Outside a
 * request (CLIs, tests calling lib/ directly) there is none.
 */
export async function sessionTokenFromCookies(): Promise<string | null> {
  let jar;
  try {
    jar = await cookies();
  } catch {
    return null;
  }
  for (const name of SESSION_COOKIE_NAMES) {
    const value = jar.get(name)?.value;
    if (value !== undefined && SESSION_TOKEN.test(value)) return value;
  }
  return null;
}
