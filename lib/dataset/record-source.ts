import { compareCodeUnits } from "./ordering";
import type { SciArenaEvalRecord } from "./record";

/** Records as an array, a generator or a database cursor. */
export type RecordSource = Iterable<SciArenaEvalRecord> | AsyncIterable<SciArenaEvalRecord>;

/**
 * Passes records through, failing on the first id that is not strictly greater than the previous one.
 * Same seed, same bytes needs a fixed record order; a database ORDER BY under a locale collation can
 * differ from code-unit order, and this catches that (and duplicates) instead of publishing it.
 */
export async function* inAscendingIdOrder(records: RecordSource): AsyncGenerator<SciArenaEvalRecord> {
  let previous: string | undefined;
  for await (const record of records) {
    if (previous !== undefined && compareCodeUnits(previous, record.id) >= 0) {
      throw new Error(`records must come in strictly ascending id order: "${record.id}" after "${previous}"`);
    }
    previous = record.id;
    yield record;
  }
}
