/** How long a session lasts without use. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** A session row is extended at most this often (not on every request). */
export const SESSION_REFRESH_MS = 24 * 60 * 60 * 1000;
