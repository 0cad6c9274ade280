import { cookies } from "next/headers";
import { getDb } from "@/lib/db";

/**
 * Auth.js turns any failure to read a session into "signed out", including the database being down. When
 * a request carries a session cookie but no session came back, ask the database once: if it is
 * unreachable this throws, and the route answers 503 instead of telling a signed-in researcher to sign in.
 * True when the database answers (it may just have come back): the caller reads the session once more.
 */
export async function checkLostSession(): Promise<boolean> {
  let hasCookie = false;
  try {
    hasCookie = (await cookies()).getAll().some((cookie) => cookie.name.endsWith("authjs.session-token"));
  } catch {
    return false; // outside a request (CLIs, tests calling lib/ directly)
  }
  if (!hasCookie) return false;
  await getDb().$queryRaw`SELECT 1`;
  return true;
}
