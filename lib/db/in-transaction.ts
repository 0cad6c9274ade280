import type pg from "pg";

/**
 * Runs `work` in one transaction on a connection of the pool: committed when it returns, rolled back when it
 * throws. `begin` may add settings local to the transaction (e.g. "BEGIN READ ONLY; SET LOCAL jit = off").
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
