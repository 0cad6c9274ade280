import type pg from "pg";

// Named (prepared) statements let PostgreSQL parse and plan a hot statement once per connection. The embedded
// database (PGlite behind lib/db/pglite-wire-server.ts) runs every client in one session, where two connections
// preparing the same name collide, so there the statement goes unnamed.
const embeddedByPool = new WeakMap<pg.Pool, Promise<boolean>>();

function isEmbedded(pool: pg.Pool): Promise<boolean> {
  let known = embeddedByPool.get(pool);
  if (!known) {
    known = pool.query<{ version: string }>("SELECT version() AS version").then((r) => r.rows[0].version.includes("PGlite"));
    // A failed check (database down) is asked again next time rather than remembered.
    known.catch(() => embeddedByPool.delete(pool));
    embeddedByPool.set(pool, known);
  }
  return known;
}

/** A query config for `pool.query`: named where the database keeps prepared statements per connection. */
export async function preparedQuery(pool: pg.Pool, name: string, text: string, values: unknown[]): Promise<pg.QueryConfig> {
  return (await isEmbedded(pool)) ? { text, values } : { name, text, values };
}
