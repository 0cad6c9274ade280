import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "../threads/start-module-worker";
import { createStyleRoundScratch, runStyleRound, type StyleRoundScratch, type StyleRoundSetup } from "./style-bootstrap";
import type { StyleData } from "./style-features";

// Style-control bootstrap rounds shared between this thread and worker threads, synchronously: the rounds,
// the votes and the results live in SharedArrayBuffers, every thread claims the next unclaimed round with an
// atomic counter, and this thread waits (Atomics.wait) for the rounds others claimed. Each round is seeded by
// its index and starts from the same full-data fit, so which thread computes it does not change a bit of the
// result. A worker that cannot start claims nothing; one that stops mid-round has its round redone here.

const NEXT = 0;
const DONE = 1;
/** Worker threads that have started. */
const READY = 2;
const STATES = 3;
const CLAIMED = 1;
const FINISHED = 2;
/** No round finished for this long while some are claimed: their thread is taken to be gone. */
const STALL_MS = 15_000;
const WORKER_FILE = "style-bootstrap-worker";

export interface SharedRounds {
  control: Int32Array;
  samples: Float64Array;
  iterations: Float64Array;
  parameterCount: number;
  rounds: number;
}

/** What a worker receives: typed arrays backed by SharedArrayBuffers are shared, not copied. */
export interface StyleWorkerData {
  data: StyleData;
  setup: StyleRoundSetup;
  shared: SharedRounds;
}

/** The cores, at most 4: the default of the rating CLIs. */
export const DEFAULT_STYLE_THREADS = Math.min(4, availableParallelism());

function sharedCopy<T extends Int32Array | Uint8Array | Float64Array>(source: T, make: (buffer: SharedArrayBuffer) => T): T {
  const copy = make(new SharedArrayBuffer(source.byteLength));
  copy.set(source as never);
  return copy;
}

/** Runs one round and stores its result where every thread can read it. */
function runAndStoreRound(data: StyleData, setup: StyleRoundSetup, shared: SharedRounds, round: number, scratch: StyleRoundScratch, parameters: Float64Array): void {
  shared.iterations[round] = runStyleRound(data, setup, round, scratch, parameters);
  shared.samples.set(parameters, round * shared.parameterCount);
}

/** A worker thread says it is running (see `waitForThreadsMs`). */
export function announceWorkerReady(control: Int32Array): void {
  Atomics.add(control, READY, 1);
  Atomics.notify(control, READY);
}

/** Claims and runs rounds until none is left; returns how many this thread ran. */
export function claimStyleRounds(data: StyleData, setup: StyleRoundSetup, shared: SharedRounds, onFinished?: () => void): number {
  const { control, parameterCount, rounds } = shared;
  const scratch = createStyleRoundScratch(data);
  const parameters = new Float64Array(parameterCount);
  let ran = 0;
  for (;;) {
    const round = Atomics.add(control, NEXT, 1);
    if (round >= rounds) return ran;
    Atomics.store(control, STATES + round, CLAIMED);
    runAndStoreRound(data, setup, shared, round, scratch, parameters);
    ran += 1;
    if (Atomics.compareExchange(control, STATES + round, CLAIMED, FINISHED) === CLAIMED) {
      Atomics.add(control, DONE, 1);
      Atomics.notify(control, DONE);
    }
    onFinished?.();
  }
}

/** Starts a worker thread running style-bootstrap-worker. */
function startWorker(workerData: StyleWorkerData): Worker {
  return startModuleWorker(import.meta.url, WORKER_FILE, { workerData });
}

/**
 * Runs `rounds` rounds on this thread and up to `threads − 1` worker threads, writing λ then γ of round r
 * at r·P in `parameterSamples` and its Newton passes in `iterations`. Returns the rounds this thread ran.
 * `waitForThreadsMs`: wait up to this long for the workers to start before taking rounds.
 */
export function runStyleRoundsInThreads(
  data: StyleData,
  setup: StyleRoundSetup,
  rounds: number,
  threads: number,
  parameterSamples: Float64Array,
  iterations: Float64Array,
  onProgress?: (completedRounds: number, totalRounds: number) => void,
  waitForThreadsMs = 0,
): number {
  const parameterCount = data.modelCount + data.featureCount;
  const shared: SharedRounds = {
    control: new Int32Array(new SharedArrayBuffer(4 * (STATES + rounds))),
    samples: new Float64Array(new SharedArrayBuffer(8 * rounds * parameterCount)),
    iterations: new Float64Array(new SharedArrayBuffer(8 * rounds)),
    parameterCount,
    rounds,
  };
  const workerData: StyleWorkerData = {
    data: {
      ...data,
      modelA: sharedCopy(data.modelA, (b) => new Int32Array(b)),
      modelB: sharedCopy(data.modelB, (b) => new Int32Array(b)),
      outcome: sharedCopy(data.outcome, (b) => new Uint8Array(b)),
      features: sharedCopy(data.features, (b) => new Float64Array(b)),
    },
    setup,
    shared,
  };
  const workers: Worker[] = [];
  for (let i = 1; i < threads; i++) {
    try {
      const worker = startWorker(workerData);
      worker.on("error", () => {}); // a worker that cannot start leaves its rounds to this thread
      worker.unref();
      workers.push(worker);
    } catch {
      break;
    }
  }
  const { control } = shared;
  // Optionally give the workers time to start before this thread takes rounds (tests use it so that the
  // workers surely take part; by default this thread starts at once and the workers join when ready).
  const waitUntil = Date.now() + waitForThreadsMs;
  for (let ready = Atomics.load(control, READY); ready < workers.length && Date.now() < waitUntil; ready = Atomics.load(control, READY)) {
    Atomics.wait(control, READY, ready, Math.max(1, waitUntil - Date.now()));
  }
  const ranHere = claimStyleRounds(data, setup, shared, () => onProgress?.(Atomics.load(control, DONE), rounds));
  let done = Atomics.load(control, DONE);
  let lastChange = Date.now();
  while (done < rounds) {
    Atomics.wait(control, DONE, done, 250);
    const now = Atomics.load(control, DONE);
    if (now !== done) {
      done = now;
      lastChange = Date.now();
      onProgress?.(done, rounds);
      continue;
    }
    if (Date.now() - lastChange < STALL_MS) continue;
    // Rounds claimed by a thread that stopped: run them here (the result is the same whoever runs them).
    const scratch = createStyleRoundScratch(data);
    const parameters = new Float64Array(parameterCount);
    for (let round = 0; round < rounds; round++) {
      if (Atomics.load(control, STATES + round) === FINISHED) continue;
      runAndStoreRound(data, setup, shared, round, scratch, parameters);
      if (Atomics.exchange(control, STATES + round, FINISHED) !== FINISHED) Atomics.add(control, DONE, 1);
    }
    done = Atomics.load(control, DONE);
  }
  for (const worker of workers) void worker.terminate();
  parameterSamples.set(shared.samples);
  iterations.set(shared.iterations);
  return ranHere;
}
