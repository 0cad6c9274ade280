import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { freePort, isPortOpen, startEmbeddedDb } from "@/lib/db/embedded";

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("timed out");
}

function startDbServer(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts", "db"], {
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port), SEED_CORPUS: "none" },
    stdio: "ignore",
  });
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

describe("embedded database", () => {
  it("keeps data across restarts of the launcher's database server", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "arena-data-"));
    const port = await freePort();
    const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;

    let server = startDbServer(dataDir, port);
    await waitFor(async () => {
      if (!(await isPortOpen(port))) return false;
      const c = new pg.Client(url);
      await c.connect();
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM "Model"`).catch(() => ({ rows: [{ n: 0 }] }));
      await c.end();
      return rows[0].n >= 3; // migrated and seeded
    }, 150_000);
    let client = new pg.Client(url);
    await client.connect();
    await client.query(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('persist-1', 'persist@example.org', 'P', now())`);
    await client.end();
    await stop(server);
    expect(await isPortOpen(port)).toBe(false);

    server = startDbServer(dataDir, port);
    await waitFor(() => isPortOpen(port), 150_000);
    client = new pg.Client(url);
    await client.connect();
    const { rows } = await client.query(`SELECT email FROM "User" WHERE id = 'persist-1'`);
    const models = await client.query(`SELECT count(*)::int AS n FROM "Model"`);
    await client.end();
    await stop(server);
    expect(rows).toEqual([{ email: "persist@example.org" }]);
    expect(models.rows[0].n).toBe(3);
  }, 360_000);

  it("serves concurrent clients without mixing their statements or transactions", async () => {
    const db = await startEmbeddedDb({ dataDir: "memory://", port: 0 });
    try {
      const setup = new pg.Client(db.url);
      await setup.connect();
      await setup.query(`CREATE TABLE counter (id int primary key, n int not null)`);
      await setup.query(`INSERT INTO counter VALUES (1, 0)`);
      await setup.end();

      const clients = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const c = new pg.Client(db.url);
          await c.connect();
          return c;
        }),
      );
      // Parameterized queries of different shapes at once: each must get its own answer.
      const results = await Promise.all(
        clients.flatMap((c, i) =>
          Array.from({ length: 25 }, (_, j) =>
            j % 2
              ? c.query(`SELECT $1::int + $2::int AS v`, [i, j]).then((r) => r.rows[0].v === i + j)
              : c.query(`SELECT $1::text || '-' || $2::text || '-' || $3::text AS v`, ["a", String(i), String(j)]).then((r) => r.rows[0].v === `a-${i}-${j}`),
          ),
        ),
      );
      expect(results.every(Boolean)).toBe(true);

      // Read-modify-write in transactions from every client: no lost update.
      await Promise.all(
        clients.map(async (c) => {
          for (let k = 0; k < 10; k++) {
            await c.query("BEGIN");
            const { rows } = await c.query(`SELECT n FROM counter WHERE id = 1`);
            await new Promise((r) => setTimeout(r, 1));
            await c.query(`UPDATE counter SET n = $1 WHERE id = 1`, [rows[0].n + 1]);
            await c.query("COMMIT");
          }
        }),
      );
      const { rows } = await clients[0].query(`SELECT n FROM counter WHERE id = 1`);
      expect(rows[0].n).toBe(80);

      // A client that disconnects inside a transaction is rolled back and frees the others.
      const quitter = new pg.Client(db.url);
      quitter.on("error", () => {});
      await quitter.connect();
      await quitter.query("BEGIN");
      await quitter.query(`UPDATE counter SET n = -1 WHERE id = 1`);
      (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      const after = await clients[1].query(`SELECT n FROM counter WHERE id = 1`);
      expect(after.rows[0].n).toBe(80);
      await Promise.all(clients.map((c) => c.end()));
    } finally {
      await db.stop();
    }
  });
});
