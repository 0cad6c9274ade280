// The production server (scripts/server.mjs) in several processes sharing one port (node:cluster), for
// WEB_CONCURRENCY > 1: a Node process uses one core, and the platform's state lives in PostgreSQL, so the
// workers need nothing from each other (each keeps its own response cache).
// Usage (from scripts/launch.ts): node scripts/web-workers.mjs <workers> <script> [arguments…]
import cluster from "node:cluster";

const [count, script, ...args] = process.argv.slice(2);
const workers = Number(count);
if (!Number.isInteger(workers) || workers < 1 || !script) {
  console.error("usage: node scripts/web-workers.mjs <workers> <script> [arguments…]");
  process.exit(2);
}

cluster.setupPrimary({ exec: script, args });
let stopping = false;
const alive = () => Object.keys(cluster.workers ?? {}).length;

for (let i = 0; i < workers; i++) cluster.fork();

cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    if (alive() === 0) process.exit(0);
    return;
  }
  console.error(`[arena] web worker ${worker.process.pid} ended (${signal ?? `exit code ${code}`}); starting another`);
  setTimeout(() => cluster.fork(), 1000);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    if (alive() === 0) process.exit(0);
  });
}
