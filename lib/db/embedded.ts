import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGliteWireServer } from "./pglite-wire-server";

// The embedded default database: PGlite (PostgreSQL compiled to WASM) served over the Postgres wire
// protocol on a local port, so the app, the CLIs and the migration runner all talk to it with `pg`
// exactly as they would to a PostgreSQL server. Only one process may open a data folder.

export interface EmbeddedDb {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export function embeddedUrl(port: number): string {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

export function isPortOpen(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Starts PGlite on `dataDir` ("memory://" for a throwaway database) and serves it on `port`
 * (0 picks a free port).
 */
export async function startEmbeddedDb(options: {
  dataDir: string;
  port: number;
  maxConnections?: number;
}): Promise<EmbeddedDb> {
  const inMemory = options.dataDir.startsWith("memory://");
  const dataDir = inMemory ? options.dataDir : path.resolve(options.dataDir);
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir, relaxedDurability: false });
  const server = new PGliteWireServer(db, {
    port: options.port,
    host: "127.0.0.1",
    maxConnections: options.maxConnections ?? 100,
  });
  let port: number;
  try {
    port = await server.start();
  } catch (error) {
    await db.close();
    throw new Error(
      `Could not serve the embedded database on port ${options.port}: ${(error as Error).message}. ` +
        "Set EMBEDDED_DB_PORT to a free port or DATABASE_URL to a PostgreSQL server.",
    );
  }
  let stopped = false;
  return {
    url: embeddedUrl(port),
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
