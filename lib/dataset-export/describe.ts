import { readFile } from "node:fs/promises";
import path from "node:path";
import type { BalancedSampleReport, SplitStats } from "@/lib/dataset";
import { getPool } from "@/lib/db";
import { DATASET_FILES, DOWNLOADABLE_FILES } from "./export-dataset";
import { datasetStatus } from "./snapshots";

// What the /dataset page and GET /api/dataset show: the published snapshot, or why there is none yet.

export interface DatasetFileInfo {
  name: string;
  url: string;
  bytes: number | null;
  sha256: string | null;
  records: number | null;
}

export interface DatasetDescription {
  /** ready: files can be downloaded; preparing: the first export is running; unavailable: it failed. */
  status: "ready" | "preparing" | "unavailable";
  /** A newer export is being made in the background while this one is served. */
  refreshing: boolean;
  snapshot: {
    id: string;
    newestVoteAt: string | null;
    publishedAt: string;
    settings: { seed: number; votesPerSide: number; requireConsent: boolean };
    eval: SplitStats;
    train: SplitStats;
    sampling: BalancedSampleReport;
  } | null;
  files: DatasetFileInfo[];
  /** The dataset card (README.md), only when asked for. */
  card?: string | null;
}

export const datasetFileUrl = (name: string) => `/api/dataset/${name}`;

export async function describeDataset({ waitMs = 0, withCard = false }: { waitMs?: number; withCard?: boolean } = {}): Promise<DatasetDescription> {
  const { snapshot, preparing } = await datasetStatus(getPool, { waitMs });
  if (!snapshot) return { status: preparing ? "preparing" : "unavailable", refreshing: false, snapshot: null, files: [] };
  const { manifest } = snapshot;
  return {
    status: "ready",
    refreshing: preparing,
    snapshot: {
      id: snapshot.id,
      newestVoteAt: manifest.newestVoteAt,
      publishedAt: snapshot.publishedAt,
      settings: manifest.settings,
      eval: manifest.splits.eval.stats,
      train: manifest.splits.train.stats,
      sampling: manifest.sampling,
    },
    ...(withCard ? { card: await readFile(path.join(snapshot.folder, DATASET_FILES.card), "utf8").catch(() => null) } : {}),
    files: DOWNLOADABLE_FILES.map((name) => {
      const listed = manifest.files.find((file) => file.name === name);
      return { name, url: datasetFileUrl(name), bytes: listed?.bytes ?? null, sha256: listed?.sha256 ?? null, records: listed?.records ?? null };
    }),
  };
}
