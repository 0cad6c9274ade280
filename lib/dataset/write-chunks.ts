import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Writes chunks to a Node stream (a file, an HTTP response) with backpressure: the next chunk is only
 * produced once the stream has room. The stream is ended when the chunks run out.
 */
export async function writeChunks(chunks: AsyncIterable<string | Uint8Array>, destination: Writable): Promise<void> {
  await pipeline(chunks, destination);
}
