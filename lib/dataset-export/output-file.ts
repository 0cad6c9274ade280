import { createHash, type Hash } from "node:crypto";
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Worker } from "node:worker_threads";

// Where the export's data files go: gigabytes, written once, read by someone else later. Where the system
// allows it, they are written with O_DIRECT, from two aligned staging buffers taking turns (one is filled
// while the other is written): the bytes skip the page cache. On the virtual machines we measured, a
// buffered write cost about 7 ms of kernel CPU per MB, as much as the rest of a cached export; a direct
// one, 0.1 ms (docs/decisions/022-export-unit-cache.md). Elsewhere (a file system without O_DIRECT, another
// platform) the file is written through the page cache. Either way the file gets exactly the bytes given.
//
// Each file's SHA-256 is computed on the way (the manifest lists it). For a direct file it is computed on a
// helper thread, straight from the staging buffers (shared memory): hashing gigabytes would otherwise take
// as long on the export's thread as everything else it does.

export interface OutputFile {
  /** Appends `bytes`; the caller may reuse them once the promise resolves. Calls must not overlap. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the file; its SHA-256 (hex) and length. */
  close(): Promise<{ sha256: string; bytes: number }>;
  /** Gives up the file (after a failure); never throws. */
  abort(): Promise<void>;
  readonly direct: boolean;
}

/** O_DIRECT needs buffers, offsets and lengths aligned to the device's block size; 4096 covers them all. */
const ALIGNMENT = 4096;
/** One staging buffer; a multiple of the alignment and of the 64 KiB WebAssembly page. Two per open file. */
export const STAGE_BYTES = 2 << 20;

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten === 0) throw new Error("the file system accepted no bytes");
    done += bytesWritten;
  }
}

// ------------------------------------------------------------------ hashing on a helper thread

const HASHER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const files = new Map();
parentPort.on("message", (message) => {
  const file = files.get(message.file);
  if (message.op === "open") files.set(message.file, { hash: createHash("sha256"), bytes: new Uint8Array(message.memory.buffer) });
  else if (message.op === "update") {
    file.hash.update(file.bytes.subarray(message.offset, message.offset + message.length));
    parentPort.postMessage({ seq: message.seq });
  } else if (message.op === "digest") {
    files.delete(message.file);
    parentPort.postMessage({ seq: message.seq, digest: file.hash.digest("hex") });
  }
});
`;

/** One helper thread for the direct files open at a time; it stops when the last one is closed. */
class StageHasher {
  private static shared: StageHasher | null = null;
  private readonly worker = new Worker(HASHER_SOURCE, { eval: true });
  private readonly pending = new Map<number, { resolve: (digest?: string) => void; reject: (error: Error) => void }>();
  private seq = 0;
  private users = 0;
  private nextFile = 0;
  private failure: Error | null = null;

  private constructor() {
    this.worker.on("message", ({ seq, digest }: { seq: number; digest?: string }) => {
      this.pending.get(seq)?.resolve(digest);
      this.pending.delete(seq);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const { reject } of this.pending.values()) reject(this.failure);
      this.pending.clear();
      if (StageHasher.shared === this) StageHasher.shared = null;
    };
    this.worker.on("error", (error) => fail(new Error(`the hashing thread failed: ${error.message}`)));
    this.worker.on("exit", () => fail(new Error("the hashing thread stopped")));
  }

  static acquire(memory: WebAssembly.Memory): { hasher: StageHasher; file: number } {
    const hasher = (StageHasher.shared ??= new StageHasher());
    hasher.users++;
    const file = hasher.nextFile++;
    hasher.worker.postMessage({ op: "open", file, memory });
    return { hasher, file };
  }

  private request(message: Record<string, unknown>): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ ...message, seq });
    });
  }

  async update(file: number, offset: number, length: number): Promise<void> {
    await this.request({ op: "update", file, offset, length });
  }

  async digest(file: number): Promise<string> {
    return (await this.request({ op: "digest", file }))!;
  }

  release(): void {
    if (--this.users > 0) return;
    if (StageHasher.shared === this) StageHasher.shared = null;
    this.failure ??= new Error("the hashing thread was stopped");
    void this.worker.terminate();
  }
}

// ------------------------------------------------------------------ the files

class DirectOutputFile implements OutputFile {
  readonly direct = true;
  // WebAssembly memory starts on a page boundary: the one aligned allocation JavaScript can make. Shared,
  // so that the hashing thread reads the stages where they are.
  private readonly memory = new WebAssembly.Memory({ initial: (2 * STAGE_BYTES) / 65536, maximum: (2 * STAGE_BYTES) / 65536, shared: true });
  private readonly stages: Buffer[];
  private hashing: { hasher: StageHasher; file: number } | null = null;
  private current = 0;
  private filled = 0;
  /** File offset of the current stage. */
  private position = 0;
  /** The other stage's write and hashing: it may be filled again once they are done. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private released = false;

  constructor(private readonly handle: FileHandle) {
    this.stages = [0, 1].map((index) => Buffer.from(this.memory.buffer, index * STAGE_BYTES, STAGE_BYTES));
  }

  /** Whether this file accepts direct writes (some file systems refuse them only when written). */
  async probe(): Promise<boolean> {
    try {
      await writeFully(this.handle, this.stages[0].subarray(0, ALIGNMENT), 0);
      await this.handle.truncate(0);
    } catch {
      return false;
    }
    this.hashing = StageHasher.acquire(this.memory);
    return true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.length; ) {
      const count = Math.min(bytes.length - offset, STAGE_BYTES - this.filled);
      this.stages[this.current].set(bytes.subarray(offset, offset + count), this.filled);
      this.filled += count;
      offset += count;
      if (this.filled === STAGE_BYTES) await this.sendStage();
    }
  }

  /** Writes and hashes the full current stage in the background once the other one is done, and switches. */
  private async sendStage(): Promise<void> {
    await this.inFlight;
    const { hasher, file } = this.hashing!;
    const stage = this.stages[this.current];
    this.inFlight = Promise.all([writeFully(this.handle, stage, this.position), hasher.update(file, this.current * STAGE_BYTES, STAGE_BYTES)]);
    this.inFlight.catch(() => {}); // awaited by the next stage or by close
    this.position += STAGE_BYTES;
    this.current ^= 1;
    this.filled = 0;
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    try {
      await this.inFlight;
      const { hasher, file } = this.hashing!;
      const bytes = this.position + this.filled;
      if (this.filled > 0) {
        // The last block is written whole (zero-padded), then the file is cut to its true length.
        const padded = Math.ceil(this.filled / ALIGNMENT) * ALIGNMENT;
        const stage = this.stages[this.current];
        stage.fill(0, this.filled, padded);
        await Promise.all([writeFully(this.handle, stage.subarray(0, padded), this.position), hasher.update(file, this.current * STAGE_BYTES, this.filled)]);
        await this.handle.truncate(bytes);
      }
      const sha256 = await hasher.digest(file);
      await this.handle.close();
      return { sha256, bytes };
    } finally {
      this.release();
    }
  }

  async abort(): Promise<void> {
    await this.inFlight.catch(() => {});
    await this.handle.close().catch(() => {});
    this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.hashing?.hasher.release();
  }
}

class BufferedOutputFile implements OutputFile {
  readonly direct = false;
  private position = 0;
  private readonly hash: Hash = createHash("sha256");

  constructor(private readonly handle: FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.hash.update(bytes);
    await writeFully(this.handle, bytes, this.position);
    this.position += bytes.length;
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    await this.handle.close();
    return { sha256: this.hash.digest("hex"), bytes: this.position };
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => {});
  }
}

/** Creates (or truncates) `file` for writing: directly where possible, else through the page cache. */
export async function openOutputFile(file: string, { direct = true }: { direct?: boolean } = {}): Promise<OutputFile> {
  if (direct && constants.O_DIRECT) {
    let handle: FileHandle | null = null;
    try {
      handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DIRECT, 0o644);
    } catch {
      // not supported here: buffered below
    }
    if (handle) {
      const output = new DirectOutputFile(handle);
      if (await output.probe()) return output;
      await handle.close();
    }
  }
  return new BufferedOutputFile(await open(file, "w"));
}
