// Per-endpoint concurrency limits for provider calls in this process: a FIFO semaphore per key. Waiting
// callers can give up through an AbortSignal (the answer's own deadline) without leaking a slot.

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class KeyedLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, Waiter[]>();
  private readonly limits = new Map<string, number>();

  /** Waits for a slot under `key` (at most `limit` held at once); resolves to the release function. */
  acquire(key: string, limit: number, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if ((this.active.get(key) ?? 0) < limit) return Promise.resolve(this.take(key, limit));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const queue = this.queues.get(key) ?? [];
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      const queue = this.queues.get(key) ?? [];
      queue.push(waiter);
      this.queues.set(key, queue);
      this.limits.set(key, limit);
    });
  }

  private take(key: string, limit: number): () => void {
    this.limits.set(key, limit);
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active.set(key, (this.active.get(key) ?? 1) - 1);
      this.next(key);
    };
  }

  private next(key: string): void {
    const queue = this.queues.get(key);
    const limit = this.limits.get(key) ?? 1;
    while (queue && queue.length > 0 && (this.active.get(key) ?? 0) < limit) {
      const waiter = queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.take(key, limit));
    }
    if (queue && queue.length === 0) this.queues.delete(key);
  }

  /** Slots in use and callers waiting, per key (for tests and diagnostics). */
  stats(key: string): { active: number; waiting: number } {
    return { active: this.active.get(key) ?? 0, waiting: this.queues.get(key)?.length ?? 0 };
  }
}

const holder = globalThis as unknown as { __arenaLimiter?: KeyedLimiter };
/** The process-wide limiter (one per Next process, shared by every route bundle). */
export function providerLimiter(): KeyedLimiter {
  holder.__arenaLimiter ??= new KeyedLimiter();
  return holder.__arenaLimiter;
}
