import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = InstanceType<typeof PrismaClient>;

interface Connection {
  url: string;
  prisma: Db;
  pool: pg.Pool;
}

// One client per process (kept on globalThis so Next's dev reloads do not open new pools).
const holder = globalThis as unknown as { __arenaDb?: Connection };

function open(url: string): Connection {
  const pool = new pg.Pool({
    connectionString: url,
    max: getEnv().DB_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (database restart) must not crash the process; the pool
  // replaces it on the next checkout.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { url, prisma, pool };
}

/** Points this process at a database URL (CLIs and tests); the app uses DATABASE_URL. */
export function connectDb(url: string): Db {
  const current = holder.__arenaDb;
  if (current && current.url === url) return current.prisma;
  if (current) void closeConnection(current);
  holder.__arenaDb = open(url);
  return holder.__arenaDb.prisma;
}

export function getDb(): Db {
  if (holder.__arenaDb) return holder.__arenaDb.prisma;
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` (it serves an embedded database) or set DATABASE_URL.",
    );
  }
  return connectDb(url);
}

/** The pg pool under the Prisma client, for bulk SQL (ingest) and LISTEN/NOTIFY. */
export function getPool(): pg.Pool {
  getDb();
  return holder.__arenaDb!.pool;
}

async function closeConnection(c: Connection) {
  await c.prisma.$disconnect().catch(() => {});
  await c.pool.end().catch(() => {});
}

export async function disconnectDb(): Promise<void> {
  const current = holder.__arenaDb;
  holder.__arenaDb = undefined;
  if (current) await closeConnection(current);
}
