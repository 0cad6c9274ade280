import { existsSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";

const CANDIDATES = [path.join("..", "shared", "data"), "/work/shared/data"];

/** The shared real-data folder: SHARED_DATA_DIR, else ../shared/data, else /work/shared/data; null if none exists. */
export function findSharedDataDir(): string | null {
  const configured = getEnv().SHARED_DATA_DIR;
  if (configured) return existsSync(configured) ? path.resolve(configured) : null;
  const found = CANDIDATES.find((dir) => existsSync(path.join(dir, "corpus", "papers")));
  return found ? path.resolve(found) : null;
}

export function requireSharedDataDir(): string {
  const dir = findSharedDataDir();
  if (!dir) {
    throw new Error("The shared data folder was not found; set SHARED_DATA_DIR to the folder holding corpus/papers and corpus/questions.");
  }
  return dir;
}
