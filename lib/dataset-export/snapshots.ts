import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { DATASET_FILES, exportDataset, type DatasetManifest, type ExportOptions, type ExportSummary } from "./export-dataset";
import { datasetDir, resolveDatasetSettings, settingsKey, type DatasetSettings } from "./settings";
import { summarizePublishedVotes } from "./vote-source";

// Published snapshots for the site (docs/decisions/060-dataset-downloads.md). A snapshot is a complete
// export in DATASET_DIR/<id>/, where <id> is derived from its manifest (same votes and settings, same id);
// DATASET_DIR/current.json names the one being served and the fingerprint of the votes it was made from.
// Folders are written under a temporary name and renamed into place, and the pointer is replaced
// atomically, so a reader never sees half a snapshot, and two processes sharing the folder cannot clash.

export interface SnapshotPointer {
  id: string;
  /** Settings and published-vote membership the snapshot was made from. */
  fingerprint: string;
  publishedAt: string;
}

export interface Snapshot extends SnapshotPointer {
  folder: string;
  manifest: DatasetManifest;
}

type SnapshotSettings = Pick<DatasetSettings, "salt" | "seed" | "votesPerSide" | "requireConsent">;

const POINTER = "current.json";
const FAILURE_RETRY_MS = 30_000;
const KEEP_SNAPSHOTS = 2;

function fingerprintOf(settings: SnapshotSettings, votes: { count: number; membershipHash: string; contentVersion: string }): string {
  return `${settingsKey(settings)}:${votes.count}:${votes.membershipHash}:${votes.contentVersion}`;
}

/** Where the site's exports keep their encoded units between snapshots (see unit-cache.ts). */
export function unitCacheDir(dir: string = datasetDir()): string {
  return path.join(dir, "units");
}

/** The fingerprint the site would give a snapshot made now (cheap: one aggregate query). */
export async function currentFingerprint(pool: pg.Pool, settings: SnapshotSettings): Promise<string> {
  return fingerprintOf(settings, await summarizePublishedVotes(pool, settings));
}

export async function readCurrentSnapshot(dir: string = datasetDir()): Promise<Snapshot | null> {
  let pointer: SnapshotPointer;
  try {
    pointer = JSON.parse(await readFile(path.join(dir, POINTER), "utf8")) as SnapshotPointer;
  } catch {
    return null;
  }
  if (!/^[0-9a-f]{16}$/.test(pointer.id)) return null;
  const folder = path.join(dir, pointer.id);
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, DATASET_FILES.manifest), "utf8")) as DatasetManifest;
    return { ...pointer, folder, manifest };
  } catch {
    return null;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Removes snapshots other than the newest few, and temporary folders left by crashed exports. */
async function prune(dir: string, keepId: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const snapshots: { name: string; mtime: number }[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    const { mtimeMs } = await stat(full);
    if (entry.name.startsWith(".tmp-")) {
      if (Date.now() - mtimeMs > 24 * 3600_000) await rm(full, { recursive: true, force: true });
    } else if (/^[0-9a-f]{16}$/.test(entry.name) && entry.name !== keepId) {
      snapshots.push({ name: entry.name, mtime: mtimeMs });
    }
  }
  // Keep the previous snapshot a little longer: a download may still be reading it (an open file
  // survives deletion on POSIX systems, but a request that starts right now may not).
  snapshots.sort((left, right) => right.mtime - left.mtime);
  for (const old of snapshots.slice(KEEP_SNAPSHOTS - 1)) await rm(path.join(dir, old.name), { recursive: true, force: true });
}

export interface PublishResult extends ExportSummary {
  snapshot: Snapshot;
}

/** Exports into a new snapshot folder and makes it the one the site serves. */
export async function publishSnapshot(
  pool: pg.Pool,
  options: Omit<ExportOptions, "settings"> & { settings?: SnapshotSettings; dir?: string } = {},
): Promise<PublishResult> {
  const settings = options.settings ?? resolveDatasetSettings();
  const dir = options.dir ?? datasetDir();
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.tmp-${Date.now()}-${randomBytes(4).toString("hex")}`);
  try {
    const summary = await exportDataset(pool, temporary, { unitCacheDir: unitCacheDir(dir), ...options, settings });
    const manifestText = await readFile(path.join(temporary, DATASET_FILES.manifest), "utf8");
    const id = createHash("sha256").update(manifestText).digest("hex").slice(0, 16);
    const folder = path.join(dir, id);
    if (existsSync(folder)) await rm(temporary, { recursive: true, force: true });
    else await rename(temporary, folder);
    const pointer: SnapshotPointer = {
      id,
      fingerprint: fingerprintOf(settings, {
        count: summary.manifest.splits.train.stats.total,
        membershipHash: summary.membershipHash,
        contentVersion: summary.contentVersion,
      }),
      publishedAt: new Date().toISOString(),
    };
    await writeAtomically(path.join(dir, POINTER), `${JSON.stringify(pointer, null, 2)}\n`);
    await prune(dir, id).catch((error) => log.warn("could not prune old dataset snapshots", { error: String(error) }));
    return { ...summary, snapshot: { ...pointer, folder, manifest: summary.manifest } };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

// ------------------------------------------------------------------ the site's background refresh

interface RefreshState {
  inFlight: Promise<void> | null;
  /** The in-flight check found changes and is exporting. */
  exporting: boolean;
  lastCheck: number;
  lastError: string | null;
}

const holder = globalThis as unknown as { __datasetRefresh?: RefreshState };
const state: RefreshState = (holder.__datasetRefresh ??= { inFlight: null, exporting: false, lastCheck: 0, lastError: null });

export interface DatasetStatus {
  snapshot: Snapshot | null;
  /** An export is running in this process (the first one, or a refresh after new votes). */
  preparing: boolean;
  /** The last background export failed with this message (cleared by the next success). */
  lastError: string | null;
}

/**
 * Starts a background export when the published votes or settings changed since the served snapshot
 * (checked at most every DATASET_REFRESH_SECONDS; always when there is no snapshot yet). Never throws.
 */
export function refreshInBackground(pool: () => pg.Pool): Promise<void> | null {
  const env = getEnv();
  if (state.inFlight) return state.inFlight;
  const now = Date.now();
  const dir = datasetDir();
  const hasSnapshot = existsSync(path.join(dir, POINTER));
  if (hasSnapshot && (!env.DATASET_AUTO_REFRESH || now - state.lastCheck < env.DATASET_REFRESH_SECONDS * 1000)) return null;
  // After a failure, do not retry on every request.
  if (state.lastError && now - state.lastCheck < FAILURE_RETRY_MS) return null;
  state.lastCheck = now;
  state.inFlight = (async () => {
    try {
      const settings = resolveDatasetSettings();
      const current = await readCurrentSnapshot(dir);
      const fingerprint = await currentFingerprint(pool(), settings);
      if (current && current.fingerprint === fingerprint) return;
      state.exporting = true;
      const started = Date.now();
      const result = await publishSnapshot(pool(), { settings, dir });
      state.lastError = null;
      log.info("dataset snapshot published", {
        id: result.snapshot.id,
        train: result.manifest.splits.train.stats.total,
        eval: result.manifest.splits.eval.stats.total,
        unitsReused: result.unitCache?.hits ?? 0,
        unitsEncoded: result.unitCache?.misses ?? 0,
        ms: Date.now() - started,
      });
      if (result.unitCache?.problem) log.warn("dataset export unit cache", { problem: result.unitCache.problem });
    } catch (error) {
      state.lastError = (error as Error).message ?? String(error);
      log.error("dataset export failed", { error: state.lastError });
    } finally {
      state.inFlight = null;
      state.exporting = false;
    }
  })();
  return state.inFlight;
}

/** The snapshot to serve; waits up to `waitMs` for the first export when there is none yet. */
export async function datasetStatus(pool: () => pg.Pool, { waitMs = 0 }: { waitMs?: number } = {}): Promise<DatasetStatus> {
  const running = refreshInBackground(pool);
  let snapshot = await readCurrentSnapshot();
  if (!snapshot && running && waitMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    snapshot = await readCurrentSnapshot();
  }
  // Without a snapshot, a running check is as good as an export about to start.
  return { snapshot, preparing: snapshot ? state.exporting : state.inFlight !== null, lastError: state.lastError };
}
