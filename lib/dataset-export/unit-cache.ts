import { createHash, hash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { EncodedUnit } from "./encode-row-group";

// Encoded units of the train split kept between exports (docs/decisions/022-export-unit-cache.md). Loading,
// mapping and encoding a record costs far more than copying its bytes, and from one export to the next
// nearly all of them are the same. A unit is found by a key over everything its bytes depend on: the
// format, the salt, the version of the records' content (DatasetContentVersion), and each record's vote
// id, choice, discipline and category. Files live in a folder per salt and are replaced atomically; an
// export removes the entries of its folder it did not use, once it has finished.
//
// A file holds a small header (v8-serialized: the ids and statistics, the row group's footer metadata,
// the byte counts) and then the JSON Lines and Parquet bytes as they are, which a read hands out as views
// of the one buffer it reads: no copy. Read buffers are reused once the unit's bytes are written: a fresh
// buffer of several MB per unit would make V8 collect garbage over and over, as it counts their memory.

/** Bump when the record mapping or the encoding changes what a unit's bytes would be. */
export const UNIT_FORMAT = 2;

/** What the cursor knows of a record, and the cache key covers. */
export interface UnitRecordKey {
  voteId: string;
  choice: string;
  discipline: string | null;
  category: string | null;
}

export interface UnitCacheStats {
  /** Units (and their records) read from the cache. */
  hits: number;
  hitRecords: number;
  /** Units encoded from the database (and stored for the next export). */
  misses: number;
  missRecords: number;
  /** Why units could not be stored or old ones removed (the export itself is fine), if that happened. */
  problem?: string;
}

const EXTENSION = ".unit";
const STALE_TEMPORARY_MS = 3600_000;

export class UnitCache {
  readonly stats: UnitCacheStats = { hits: 0, hitRecords: 0, misses: 0, missRecords: 0 };
  private readonly folder: string;
  private readonly prefix: string;
  private readonly used = new Set<string>();
  private readonly startedAt = Date.now();
  private readonly buffers = new BufferPool();

  constructor(dir: string, { salt, contentVersion }: { salt: string; contentVersion: string }) {
    const saltDigest = createHash("sha256").update(`open-sciarena export unit cache\0${salt}`).digest("hex");
    this.folder = path.join(dir, saltDigest.slice(0, 16));
    this.prefix = JSON.stringify([UNIT_FORMAT, saltDigest, contentVersion]);
  }

  keyOf(records: readonly UnitRecordKey[]): string {
    let text = this.prefix;
    for (const { voteId, choice, discipline, category } of records) text += `\n${voteId}\t${choice}\t${discipline ?? "\0"}\t${category ?? "\0"}`;
    return hash("sha256", text, "hex");
  }

  private file(key: string): string {
    return path.join(this.folder, `${key}${EXTENSION}`);
  }

  /**
   * The unit stored under `key` for exactly these ids, or null (missing, or unreadable: encoded again).
   * Its bytes are views of a pooled buffer: call its `release` once they are written.
   */
  async read(key: string, ids: readonly string[]): Promise<EncodedUnit | null> {
    const file = await this.readFile(this.file(key));
    if (!file) {
      // Units are encoded from here on, most likely, and encoding needs the memory more than spare buffers do.
      this.buffers.clear();
      return null;
    }
    let unit: EncodedUnit | null = null;
    try {
      unit = decodeUnit(file.bytes);
    } catch {
      // damaged: encoded again below
    }
    if (!unit || !isUnitOf(unit, ids)) {
      this.buffers.give(file.buffer);
      return null;
    }
    unit.release = () => this.buffers.give(file.buffer);
    this.used.add(key);
    this.stats.hits++;
    this.stats.hitRecords += ids.length;
    // Kept fresh, so that another export's pruning of this folder spares it.
    await utimes(this.file(key), new Date(), new Date()).catch(() => {});
    return unit;
  }

  private async readFile(file: string): Promise<{ buffer: Buffer; bytes: Buffer } | null> {
    let handle;
    try {
      handle = await open(file, "r");
    } catch {
      return null;
    }
    try {
      const { size } = await handle.stat();
      const buffer = this.buffers.take(size);
      let read = 0;
      while (read < size) {
        const { bytesRead } = await handle.read(buffer, read, size - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      if (read === size) return { buffer, bytes: buffer.subarray(0, size) };
      this.buffers.give(buffer);
      return null;
    } catch {
      return null;
    } finally {
      await handle.close().catch(() => {});
    }
  }

  /** Stores a unit encoded for `ids`; a unit that lost records meanwhile (deleted votes) is not stored. */
  async write(key: string, ids: readonly string[], unit: EncodedUnit): Promise<void> {
    this.stats.misses++;
    this.stats.missRecords += ids.length;
    if (!isUnitOf(unit, ids) || this.stats.problem) return;
    const temporary = `${this.file(key)}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true });
      const file = await open(temporary, "w");
      try {
        await file.writev(encodeUnit(unit));
      } finally {
        await file.close();
      }
      await rename(temporary, this.file(key));
      this.used.add(key);
    } catch (error) {
      this.stats.problem = `could not store an encoded unit: ${(error as Error).message ?? String(error)}`;
      await rm(temporary, { force: true }).catch(() => {});
    }
  }

  /**
   * Removes this folder's units that this export did not use and that nobody touched since it started
   * (another export with the same salt may be using them), and temporary files left by crashes.
   * Never throws: a failure is noted in `stats.problem`. Returns how many files were removed.
   */
  async prune(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return 0;
    }
    try {
      return await this.removeUnused(names);
    } catch (error) {
      this.stats.problem ??= `could not remove old encoded units: ${(error as Error).message ?? String(error)}`;
      return 0;
    }
  }

  private async removeUnused(names: string[]): Promise<number> {
    let removed = 0;
    for (const name of names) {
      const full = path.join(this.folder, name);
      const isUnit = name.endsWith(EXTENSION);
      if (isUnit && this.used.has(name.slice(0, -EXTENSION.length))) continue;
      const { mtimeMs } = await stat(full).catch(() => ({ mtimeMs: Number.POSITIVE_INFINITY }));
      const stale = isUnit ? mtimeMs < this.startedAt : name.endsWith(".tmp") && Date.now() - mtimeMs > STALE_TEMPORARY_MS;
      if (stale) {
        await rm(full, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** Read buffers given back for reuse; a few, of the sizes units have. */
class BufferPool {
  private static readonly KEEP = 5;
  private readonly free: Buffer[] = [];

  take(size: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= size);
    if (index >= 0) return this.free.splice(index, 1)[0];
    // Room to spare, so that a slightly larger unit later fits too.
    return Buffer.allocUnsafeSlow(Math.max(1 << 16, Math.ceil((size * 1.25) / (1 << 16)) << 16));
  }

  give(buffer: Buffer): void {
    if (this.free.length >= BufferPool.KEEP) this.free.sort((a, b) => a.length - b.length).shift();
    this.free.push(buffer);
  }

  clear(): void {
    this.free.length = 0;
  }
}

interface UnitHeader extends Omit<EncodedUnit, "jsonl" | "parquet" | "release"> {
  jsonlBytes: number;
  parquet: (Omit<NonNullable<EncodedUnit["parquet"]>, "bytes"> & { bytes: number }) | null;
}

const MAGIC = Buffer.from("OSXU", "latin1");

function encodeUnit({ ids, votes, subjects, questionTypes, lineBytes, jsonl, parquet }: EncodedUnit): Buffer[] {
  const header: UnitHeader = {
    ids,
    votes,
    subjects,
    questionTypes,
    lineBytes,
    jsonlBytes: jsonl.byteLength,
    parquet: parquet && { ...parquet, bytes: parquet.bytes.byteLength },
  };
  const headerBytes = serialize(header);
  const prefix = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  const parts = [prefix, headerBytes, Buffer.from(jsonl.buffer, jsonl.byteOffset, jsonl.byteLength)];
  if (parquet) parts.push(Buffer.from(parquet.bytes.buffer, parquet.bytes.byteOffset, parquet.bytes.byteLength));
  return parts;
}

/** The unit in `file`, its bytes views of it; null if it is not a whole unit file. */
function decodeUnit(file: Buffer): EncodedUnit | null {
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  let offset = MAGIC.length + 4;
  const headerEnd = offset + file.readUInt32LE(MAGIC.length);
  if (headerEnd > file.length) return null;
  const { jsonlBytes, parquet, ...rest } = deserialize(file.subarray(offset, headerEnd)) as UnitHeader;
  offset = headerEnd;
  if (offset + jsonlBytes + (parquet?.bytes ?? 0) !== file.length) return null;
  const jsonl = file.subarray(offset, (offset += jsonlBytes));
  return { ...rest, jsonl, parquet: parquet && { ...parquet, bytes: file.subarray(offset, offset + parquet.bytes) } };
}

function isUnitOf(unit: EncodedUnit, ids: readonly string[]): boolean {
  if (!unit || !Array.isArray(unit.ids) || unit.ids.length !== ids.length || !(unit.jsonl instanceof Uint8Array)) return false;
  if (!Array.isArray(unit.lineBytes) || unit.lineBytes.length !== ids.length) return false;
  for (let i = 0; i < ids.length; i++) if (unit.ids[i] !== ids[i]) return false;
  return true;
}
