import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts a worker thread running the module `name` that sits next to the caller (`callerUrl`, its
 * import.meta.url): the compiled `.js`, or the `.ts` under tsx when the caller runs as TypeScript. A worker
 * must register tsx itself: `--import tsx` in a worker's execArgv does not reach its entry on Node 20.
 */
export function startModuleWorker(callerUrl: string, name: string, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  // Always a small evaluated bootstrap that imports the entry: bundlers (Next's, for the web process) try
  // to resolve any other `new Worker(…)` argument at build time.
  const caller = fileURLToPath(callerUrl);
  const typescript = caller.endsWith(".ts");
  const entry = pathToFileURL(path.join(path.dirname(caller), `${name}${typescript ? ".ts" : ".js"}`)).href;
  const load = typescript
    ? `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`
    : `import(${JSON.stringify(entry)})`;
  return new Worker(`${load};`, { ...options, eval: true });
}
