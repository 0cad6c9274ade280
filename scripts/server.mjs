// The production web server (`npm start`, through scripts/launch.ts): Next.js' request handler, as
// `next start` runs it, behind a shared response cache (scripts/server/). Plain JavaScript so it runs without
// a build step; settings come parsed from lib/env.ts through launch.ts as arguments, not from the environment.
// With --fast-vote, votes (POST /api/battles/:id/vote) skip Next's router: the bundle that scripts/lib/build-fast-vote.ts
// makes of lib/http/fast-vote.ts answers them, as the route file would (docs/decisions/063-fast-vote-path.md).
// launch.ts passes it unless FAST_VOTE_PATH=false.
// Usage: node scripts/server.mjs --port <port> [--cache-mb <MB, 0 = off>] [--cache-max-age <seconds>] [--fast-vote <bundle.mjs>]
import http from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { withResponseCache } from "./server/cached-handler.mjs";
import { ResponseCache } from "./server/response-cache.mjs";

// What `next start` sets up before it loads Next (node_modules/next/dist/bin/next).
process.env.NODE_ENV ||= "production";
process.env.NEXT_RUNTIME = "nodejs";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "cache-mb": { type: "string", default: "0" },
    "cache-max-age": { type: "string", default: "0" },
    "fast-vote": { type: "string" },
  },
});
const port = Number(values.port);
const cacheMb = Number(values["cache-mb"]);
const maxAgeSeconds = Number(values["cache-max-age"]);
if (!Number.isInteger(port) || port < 1 || !(cacheMb >= 0) || !(maxAgeSeconds >= 0)) {
  console.error("usage: node scripts/server.mjs --port <port> [--cache-mb <MB>] [--cache-max-age <seconds>] [--fast-vote <bundle.mjs>]");
  process.exit(2);
}

const { default: next } = await import("next");
const app = next({ dev: false, dir: process.cwd(), port });
await app.prepare();
const nextHandler = app.getRequestHandler();
/** @type {{ fastVoteBattleId(req: http.IncomingMessage): string | null, handleFastVote(req: http.IncomingMessage, res: http.ServerResponse, battleId: string): Promise<void> } | null} */
const fastVote = values["fast-vote"] ? await import(pathToFileURL(values["fast-vote"]).href) : null;
const handle = cacheMb > 0 && maxAgeSeconds > 0 ? withResponseCache(nextHandler, new ResponseCache({ maxBytes: Math.floor(cacheMb * 1024 * 1024) }), { maxAgeSeconds }) : nextHandler;

const server = http.createServer(async (req, res) => {
  try {
    const battleId = fastVote?.fastVoteBattleId(req);
    if (battleId) await fastVote.handleFastVote(req, res, battleId);
    else await handle(req, res);
  } catch (error) {
    // As `next start`: a failure outside the app's own error handling.
    console.error(`Failed to handle request for ${req.url}`, error);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.end("Internal Server Error");
    } else res.destroy();
  }
});
server.on("error", (error) => {
  console.error("Failed to start server", error);
  process.exit(1);
});
server.listen(port, () => {
  // Next forwards server actions and their redirects to this origin, as under `next start`.
  process.env.__NEXT_PRIVATE_ORIGIN = `http://localhost:${port}`;
});

// Graceful stop: no new connections, open requests get up to 10 s to finish, close Next, exit 128 + signal.
let stopping = false;
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // A live answer stream (SSE) would hold the stop forever; after a grace period, cut what is left open.
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
    server.close(() => {
      app
        .close()
        .catch((error) => console.error(error))
        .finally(() => process.exit(code));
    });
  });
}
