import { getDb } from "@/lib/db";

/** How long a session lasts without use. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** A session row is extended at most this often (not on every request). */
export const SESSION_REFRESH_MS = 24 * 60 * 60 * 1000;

/** Moves a session's expiry to `maxAgeSeconds` from now, unless it was moved within the last SESSION_REFRESH_MS. */
export async function extendSession(sessionToken: string, maxAgeSeconds = SESSION_MAX_AGE_SECONDS, now = new Date()): Promise<void> {
  const expires = new Date(now.getTime() + maxAgeSeconds * 1000);
  await getDb().session.updateMany({
    where: { sessionToken, expires: { lt: new Date(expires.getTime() - SESSION_REFRESH_MS) } },
    data: { expires },
  });
}
