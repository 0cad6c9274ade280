import { cookies } from "next/headers";
import { sessionTokenFrom } from "./session-token";

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
  return sessionTokenFrom((name) => jar.get(name)?.value);
}
