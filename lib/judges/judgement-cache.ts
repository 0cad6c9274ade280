import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import type { JudgeOrder } from "@/lib/dataset";

// Judgements kept on disk so an interrupted or repeated evaluation only asks for what is missing. One
// JSON line per judgement, appended as soon as it arrives; a line cut short by a crash is ignored on the
// next start. The key covers the judge (slug, provider, provider model), the record id, the order and a
// hash of the exact prompt, so a changed record, prompt template or judge is never served stale.

export interface CachedJudgement {
  key: string;
  id: string;
  order: JudgeOrder;
  judge: string;
  promptSha256: string;
  output: string;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function judgementKey(judge: string, recordId: string, order: JudgeOrder, prompt: string): string {
  return sha256(JSON.stringify([judge, recordId, order, sha256(prompt)]));
}

export class JudgementCache {
  private constructor(
    readonly file: string,
    private readonly entries: Map<string, string>,
    private readonly stream: WriteStream,
  ) {}

  static async open(file: string): Promise<JudgementCache> {
    await mkdir(path.dirname(file), { recursive: true });
    const entries = new Map<string, string>();
    try {
      const lines = readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
      for await (const line of lines) {
        try {
          const entry = JSON.parse(line) as Partial<CachedJudgement>;
          if (typeof entry.key === "string" && typeof entry.output === "string") entries.set(entry.key, entry.output);
        } catch {
          // A line cut short by an interrupted run.
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const stream = createWriteStream(file, { flags: "a" });
    // A partial last line from a crash must not glue onto the first new one.
    stream.write("\n");
    return new JudgementCache(file, entries, stream);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  put(entry: CachedJudgement): void {
    this.entries.set(entry.key, entry.output);
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
