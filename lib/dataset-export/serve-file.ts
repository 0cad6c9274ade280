import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { getPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { DATASET_FILES, DOWNLOADABLE_FILES } from "./export-dataset";
import { datasetStatus, type Snapshot } from "./snapshots";

// Serving the published snapshot's files: streamed from disk (never held in memory), with a strong ETag
// (the file's SHA-256, the same on every instance), conditional requests, single byte ranges (Parquet
// readers such as hyparquet, DuckDB and pyarrow fetch the footer and row groups by range) and caching.

const CONTENT_TYPES: Record<string, string> = {
  ".jsonl": "application/jsonl; charset=utf-8",
  ".parquet": "application/vnd.apache.parquet",
  ".md": "text/markdown; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

/** Browsers and proxies may reuse a copy for five minutes, then revalidate with the ETag. */
export const DATASET_CACHE_CONTROL = "public, max-age=300, must-revalidate";
/**
 * Parquet is compressed already, and a byte range must stay a range of the file itself: neither may be
 * re-encoded (this also keeps Next's gzip off them). JSON Lines and the card may be gzipped on the way.
 */
const NO_TRANSFORM = `${DATASET_CACHE_CONTROL}, no-transform`;

/** How long a download request waits for the very first export before answering 503. */
const FIRST_EXPORT_WAIT_MS = 15_000;

export async function currentSnapshotOrUnavailable(waitMs = FIRST_EXPORT_WAIT_MS): Promise<Snapshot> {
  const status = await datasetStatus(getPool, { waitMs });
  if (status.snapshot) return status.snapshot;
  if (status.preparing) {
    throw new AppError("unavailable", "The dataset is being prepared. Try again in a few seconds.", { retryAfterSeconds: 5 });
  }
  throw new AppError("unavailable", "The dataset could not be prepared; the server log says why.", { retryAfterSeconds: 60 });
}

const manifestHashes = new Map<string, { sha256: string; bytes: number }>();

async function describeFile(snapshot: Snapshot, name: string): Promise<{ sha256: string; bytes: number }> {
  const listed = snapshot.manifest.files.find((file) => file.name === name);
  if (listed) return listed;
  // The manifest does not list itself; hash it once per snapshot.
  const key = `${snapshot.folder}/${name}`;
  let known = manifestHashes.get(key);
  if (!known) {
    const bytes = await readFile(path.join(snapshot.folder, name));
    known = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
    if (manifestHashes.size > 20) manifestHashes.clear();
    manifestHashes.set(key, known);
  }
  return known;
}

function parseRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null; // several ranges or malformed: send it all
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((candidate) => {
    const value = candidate.trim().replace(/^W\//, "");
    return value === etag || value === "*";
  });
}

export function isDownloadable(name: string): boolean {
  return DOWNLOADABLE_FILES.includes(name);
}

export async function serveDatasetFile(request: Request, name: string): Promise<Response> {
  if (!isDownloadable(name)) throw new AppError("not_found", `No dataset file named "${name}". Files: ${DOWNLOADABLE_FILES.join(", ")}.`);
  const snapshot = await currentSnapshotOrUnavailable();
  const file = path.join(snapshot.folder, name);
  const { sha256 } = await describeFile(snapshot, name);
  // The size on disk is what will be streamed (and is checked against the manifest's for data files).
  const { size } = await stat(file);
  const etag = `"${sha256}"`;
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": DATASET_CACHE_CONTROL,
    "Last-Modified": new Date(snapshot.publishedAt).toUTCString(),
    "Accept-Ranges": "bytes",
    "Content-Type": CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
    "Content-Disposition": `${name === DATASET_FILES.card || name === DATASET_FILES.manifest ? "inline" : "attachment"}; filename="${name}"`,
    "X-Content-Type-Options": "nosniff",
    "X-Dataset-Snapshot": snapshot.id,
  });
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  let range: ReturnType<typeof parseRange> = null;
  const rangeHeader = request.headers.get("range");
  const ifRange = request.headers.get("if-range");
  if (rangeHeader && (!ifRange || ifRange === etag)) range = parseRange(rangeHeader, size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  // (Next.js drops Content-Length from route handler responses and streams them chunked; the manifest and
  // Content-Range still give the size, and a suffix range fetches a Parquet footer without knowing it.)
  headers.set("Content-Length", String(Math.max(0, end - start + 1)));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  if (range || name.endsWith(".parquet")) headers.set("Cache-Control", NO_TRANSFORM);
  if (request.method === "HEAD" || size === 0) return new Response(null, { status: range ? 206 : 200, headers });
  const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status: range ? 206 : 200, headers });
}
