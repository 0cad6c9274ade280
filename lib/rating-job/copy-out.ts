import type pg from "pg";

// `COPY (query) TO STDOUT (FORMAT binary)` through node-postgres without a stream library: a Submittable that
// hands each tuple's bytes to a callback as they arrive. Binary tuples skip the text round trip of every value
// (no number parsing, no strings per field), which is what makes a million-vote read cheap in JavaScript.

/** The field values of one tuple, as read by `decodeTuple`: numbers, NaN for NULL. */
export type TupleHandler = (fields: Float64Array) => void;

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_FIXED = SIGNATURE.length + 8;

export class CopyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CopyFormatError";
  }
}

/**
 * Decodes one tuple at `offset` (its 16-bit field count) into `out` when the buffer holds all of it; returns the
 * offset after the tuple, or -1 when the tuple is incomplete. Fields must be int2, int4 or float8 (told apart
 * by their length, 2, 4 or 8 bytes) or NULL.
 */
export function decodeTuple(buffer: Buffer, offset: number, end: number, out: Float64Array): number {
  if (end - offset < 2) return -1;
  const count = buffer.readInt16BE(offset);
  if (count !== out.length) throw new CopyFormatError(`expected ${out.length} fields per row, got ${count}`);
  let position = offset + 2;
  for (let i = 0; i < count; i++) {
    if (end - position < 4) return -1;
    const length = buffer.readInt32BE(position);
    position += 4;
    if (length === -1) {
      out[i] = Number.NaN;
      continue;
    }
    if (end - position < length) return -1;
    if (length === 2) out[i] = buffer.readInt16BE(position);
    else if (length === 4) out[i] = buffer.readInt32BE(position);
    else if (length === 8) out[i] = buffer.readDoubleBE(position);
    else throw new CopyFormatError(`field ${i} has ${length} bytes; only int2, int4 and float8 are read`);
    position += length;
  }
  return position;
}

class BinaryCopyOut implements pg.Submittable {
  callback?: (error: Error | null) => void;
  private pending: Buffer | null = null;
  private headerRead = false;
  private finished = false;
  private failure: Error | null = null;
  private done = false;
  readonly fields: Float64Array;

  constructor(
    private readonly text: string,
    fieldCount: number,
    private readonly onTuple: TupleHandler,
  ) {
    this.fields = new Float64Array(fieldCount);
  }

  submit(connection: pg.Connection): void {
    connection.query(this.text);
  }

  private consume(chunk: Buffer): void {
    let buffer = chunk;
    if (this.pending !== null) {
      buffer = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let offset = 0;
    const end = buffer.length;
    if (!this.headerRead) {
      if (end < HEADER_FIXED) {
        this.pending = buffer;
        return;
      }
      if (!buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new CopyFormatError("not a binary COPY stream");
      const extension = buffer.readInt32BE(SIGNATURE.length + 4);
      if (end < HEADER_FIXED + extension) {
        this.pending = buffer;
        return;
      }
      offset = HEADER_FIXED + extension;
      this.headerRead = true;
    }
    while (offset < end) {
      if (this.finished) throw new CopyFormatError("data after the end of the COPY stream");
      if (end - offset >= 2 && buffer.readInt16BE(offset) === -1) {
        this.finished = true;
        offset += 2;
        continue;
      }
      const next = decodeTuple(buffer, offset, end, this.fields);
      if (next < 0) break;
      this.onTuple(this.fields);
      offset = next;
    }
    if (offset < end) this.pending = Buffer.from(buffer.subarray(offset));
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure !== null) return;
    try {
      this.consume(message.chunk);
    } catch (error) {
      // Keep reading (and dropping) what the server sends; report once the command is over.
      this.failure = error as Error;
    }
  }

  private finish(error: Error | null): void {
    if (this.done) return;
    this.done = true;
    this.callback?.(error);
  }

  handleError(error: Error): void {
    this.finish(error);
  }

  handleReadyForQuery(): void {
    if (this.failure === null && (!this.finished || this.pending !== null)) {
      this.failure = new CopyFormatError("the COPY stream ended early");
    }
    this.finish(this.failure);
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {
    this.failure ??= new CopyFormatError("expected COPY data, got rows");
  }
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: pg.Connection & { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail("not a COPY FROM");
  }
}

/**
 * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` and calls `onTuple` with each row's `fieldCount` values
 * (the same Float64Array each time). `select` must return int2, int4 or float8 columns only.
 */
export function copyOutNumbers(client: pg.ClientBase, select: string, fieldCount: number, onTuple: TupleHandler): Promise<void> {
  return new Promise((resolve, reject) => {
    const copy = new BinaryCopyOut(`COPY (${select}) TO STDOUT (FORMAT binary)`, fieldCount, onTuple);
    copy.callback = (error) => (error ? reject(error) : resolve());
    client.query(copy);
  });
}
