import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionTokenFromCookieHeader } from "@/lib/auth/session-token";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { type ApiAnswer, assertJsonHeaders, assertSameOrigin, errorAnswer, type HeaderReader, jsonHeaders, logRequest, MAX_JSON_BYTES, parseJsonBody } from "@/lib/http/route";
import { apiSecurityHeaders, requestIdFrom } from "@/lib/http/security-headers";
import { answerVote } from "@/lib/votes/vote-request";

// The fast vote path (docs/decisions/063-fast-vote-path.md): scripts/server.mjs answers POST /api/battles/:id/vote
// with this module, bundled by scripts/lib/build-fast-vote.ts, instead of passing it to Next's request handler. Next's
// router, its web Request/Response, AbortSignal and headers adapters cost more CPU than the vote. The work itself is
// shared with app/api/battles/[id]/vote/route.ts (answerVote, and route()'s origin check, body rules, error mapping,
// log line and security headers from lib/http/); this file only reads a Node request and writes a Node response the
// way Next.js and route() would. tests/e2e/api/fast-vote.spec.ts holds the two paths to the same answers.

// The id segment in the characters a battle id can have (and a few more): dots, backslashes, escapes and the like are
// Next's to normalise or refuse.
const VOTE_PATH = /^\/api\/battles\/([A-Za-z0-9_-]{1,100})\/vote$/;

// Headers that make Next.js treat a request specially (an RSC or router request, a server action, a multipart form
// that proxy.ts refuses): such requests go to Next.
const NEXT_SPECIFIC = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url"];

// Next.js sets the first four on every app route's answer (base-server's setVaryHeader), and its compression adds
// Accept-Encoding to every JSON answer; the fast path sends the same. It does not compress: Next drops a route's
// Content-Length and gzips the answer (~330 bytes) when the client accepts gzip, the fast path sends it as it is with
// its length. The body is the same once decoded; see docs/decisions/063-fast-vote-path.md.
const VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";

/**
 * The battle id segment when the fast path takes this request on, else null (Next answers it). It takes only the
 * plain form: POST to exactly /api/battles/<segment>/vote with a segment of letters, digits, _ and -, no query string,
 * not multipart (proxy.ts' business), none of Next's router headers. A segment that is not a battle id still takes
 * the fast path when its form is plain, and is answered with the route's 400.
 */
export function fastVoteBattleId(req: IncomingMessage): string | null {
  if (req.method !== "POST" || !req.url) return null;
  const match = VOTE_PATH.exec(req.url);
  if (!match) return null;
  const headers = req.headers;
  if (/^multipart\/form-data/i.test(headers["content-type"] ?? "")) return null;
  for (const name of NEXT_SPECIFIC) if (headers[name] !== undefined) return null;
  return match[1];
}

/**
 * The request's headers as Next.js hands them to a route: with the x-forwarded-* defaults base-server adds when
 * the client sent none (the host, the socket's address).
 */
function nextStyleHeaders(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name];
      if (value !== undefined) return Array.isArray(value) ? value.join(", ") : value;
      // Next's custom server (next({ … }) without a hostname) falls back to "localhost" for a request without Host.
      if (name === "x-forwarded-host") return req.headers.host ?? "localhost";
      if (name === "x-forwarded-for") return req.socket.remoteAddress ?? null;
      return null;
    },
  };
}

/** The whole body, at most MAX_JSON_BYTES (more is refused as readJson refuses it, without buffering the rest). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) {
        cleanup();
        // The rest of the body is read and dropped, so the connection stays usable for the answer.
        req.resume();
        reject(new AppError("payload_too_large", `The body is larger than ${MAX_JSON_BYTES} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error("the client closed the request before sending its whole body"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/** Answers one vote request that fastVoteBattleId took on, exactly as route() around the route file would. */
export async function handleFastVote(req: IncomingMessage, res: ServerResponse, battleId: string): Promise<void> {
  const started = performance.now();
  const headers = nextStyleHeaders(req);
  const requestId = requestIdFrom(headers.get("x-request-id"));
  let answer: ApiAnswer;
  try {
    assertSameOrigin({ method: "POST", headers });
    answer = await answerVote({
      sessionToken: sessionTokenFromCookieHeader(headers.get("cookie")),
      battleId,
      readBody: async () => {
        assertJsonHeaders(headers);
        return parseJsonBody(await readBody(req));
      },
      clientIp: clientIp({ headers }),
    });
  } catch (error) {
    answer = errorAnswer(error, requestId);
  }
  logRequest({ requestId, method: "POST", path: req.url!, status: answer.status, ms: Math.round(performance.now() - started) });
  const text = JSON.stringify(answer.body);
  const out: Record<string, string> = {
    ...answer.headers,
    ...jsonHeaders(text),
    vary: VARY,
    "x-request-id": requestId,
    ...apiSecurityHeaders(),
  };
  if (getEnv().FAST_VOTE_MARKER) out["X-Fast-Path"] = "1";
  res.writeHead(answer.status, out);
  res.end(text);
}
