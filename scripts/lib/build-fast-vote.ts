// Bundles the fast vote path (lib/http/fast-vote.ts, docs/decisions/063-fast-vote-path.md) into one ES module that
// scripts/server.mjs imports: the app's own TypeScript compiled with its `@/` paths resolved, packages left to
// node_modules. Built by scripts/launch.ts on every `npm start` (a fraction of a second), from the sources it runs
// next to, so the file can never lag behind them.
import { renameSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/** Where the bundle goes: next to Next's build output, which it belongs with. */
export const FAST_VOTE_BUNDLE = path.join(".next", "fast-vote", "fast-vote.mjs");

// lib/auth/session-cookie.ts reads cookies through next/headers, which only works inside Next's request scope. The
// fast path reads the Cookie header itself (lib/auth/session-token.ts); should anything in its imports still call
// cookies(), it gets the throw that sessionTokenFromCookies already treats as "no request": signed out, never
// another request's cookies.
const noNextHeaders: Plugin = {
  name: "no-next-headers",
  setup(build) {
    build.onResolve({ filter: /^next\/headers$/ }, () => ({ path: "next/headers", namespace: "fast-vote-stub" }));
    build.onLoad({ filter: /.*/, namespace: "fast-vote-stub" }, () => ({
      contents: `const outside = () => { throw new Error("next/headers is not available on the fast vote path"); };
export const cookies = outside, headers = outside, draftMode = outside;`,
      loader: "js",
    }));
  },
};

export async function buildFastVote(outfile = FAST_VOTE_BUNDLE): Promise<string> {
  // Two servers started from one checkout (the e2e suite's) build at once: each writes its own file and renames it
  // into place, so neither can import the other's half-written one.
  const partial = `${outfile}.${process.pid}.partial.mjs`;
  await build({
    entryPoints: [path.join("lib", "http", "fast-vote.ts")],
    outfile: partial,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    plugins: [noNextHeaders],
    logLevel: "warning",
    legalComments: "none",
  });
  renameSync(partial, outfile);
  return path.resolve(outfile);
}
