// Hands every item of one async source to several consumers (the JSONL and the Parquet writer), so both
// files are written from a single pass over the database. A consumer that runs more than `maxLag` items
// ahead of another waits for it, which keeps memory bounded; a consumer that stops early (an error, a
// closed stream) is no longer waited for.

export function tee<T>(source: AsyncIterable<T>, count: number, maxLag = 4096): AsyncIterable<T>[] {
  const iterator = source[Symbol.asyncIterator]();
  const queues: { items: T[]; head: number; detached: boolean }[] = Array.from({ length: count }, () => ({ items: [], head: 0, detached: false }));
  let finished = false;
  let failure: { error: unknown } | null = null;
  let pulling: Promise<void> | null = null;
  let waiters: (() => void)[] = [];

  const backlog = () => Math.max(0, ...queues.filter((queue) => !queue.detached).map((queue) => queue.items.length - queue.head));
  const wake = () => {
    if (waiters.length === 0 || backlog() > maxLag) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  const pull = (): Promise<void> =>
    (pulling ??= (async () => {
      try {
        const next = await iterator.next();
        if (next.done) finished = true;
        else for (const queue of queues) if (!queue.detached) queue.items.push(next.value);
      } catch (error) {
        failure = { error };
        finished = true;
      } finally {
        pulling = null;
      }
    })());

  async function* consumer(index: number): AsyncGenerator<T> {
    const queue = queues[index];
    try {
      for (;;) {
        if (queue.head < queue.items.length) {
          const item = queue.items[queue.head++];
          if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
            queue.items = queue.items.slice(queue.head);
            queue.head = 0;
          }
          wake();
          yield item;
          continue;
        }
        if (finished) {
          if (failure) throw (failure as { error: unknown }).error;
          return;
        }
        // This consumer is the furthest ahead: let the others catch up before reading more.
        while (!finished && backlog() > maxLag) await new Promise<void>((resolve) => waiters.push(resolve));
        await pull();
      }
    } finally {
      queue.detached = true;
      queue.items = [];
      wake();
      // Nobody reads any more: let the source clean up (e.g. close its database cursor).
      if (!finished && queues.every((candidate) => candidate.detached)) {
        finished = true;
        await Promise.resolve(pulling).catch(() => {});
        await iterator.return?.();
      }
    }
  }

  return queues.map((_, index) => consumer(index));
}
