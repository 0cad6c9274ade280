// Puts the response cache (./response-cache.mjs) in front of a Node request handler (Next's): answers from
// the cache when it can, and otherwise lets the handler answer while recording what it writes (status,
// headers, body) to store it when the response turns out to be storable. See docs/decisions/062-response-cache.md.
import { randomUUID } from "node:crypto";
import { etagMatches, isCacheableRequest, primaryKey, storagePolicy } from "./response-cache.mjs";

// As lib/http/security-headers.ts: a sane upstream request id is kept, anything else replaced.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const requestId = (header) => (typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID());

/** Headers a 304 repeats from the stored response (RFC 9110 §15.4.5). */
const NOT_MODIFIED_HEADERS = ["cache-control", "content-location", "etag", "expires", "vary"];

/**
 * @param {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown} handle
 * @param {import("./response-cache.mjs").ResponseCache} cache
 * @param {{ maxAgeSeconds: number, now?: () => number }} options
 */
export function withResponseCache(handle, cache, { maxAgeSeconds, now = Date.now }) {
  return function cachedHandler(req, res) {
    if (!isCacheableRequest(req.method, req.headers)) return handle(req, res);
    const primary = primaryKey(req.headers.host, req.url ?? "/");
    const entry = cache.lookup(primary, req.headers);
    const time = now();
    let refreshing;
    if (entry !== undefined) {
      const state = cache.state(entry, time);
      if (state === "fresh") return serve(req, res, cache, entry, time, "HIT");
      // Stale: one GET fetches a new copy, everyone else gets the stale one meanwhile.
      if (state === "stale" && (req.method === "HEAD" || !cache.beginRefresh(entry))) return serve(req, res, cache, entry, time, "STALE");
      if (state === "stale") {
        refreshing = entry;
        // The refresh must come back as a full response to be stored, not as a 304 for this client.
        delete req.headers["if-none-match"];
        delete req.headers["if-modified-since"];
      } else cache.delete(entry); // expired: of no use any more
    }
    res.setHeader("X-Cache", "MISS");
    if (req.method === "GET") {
      // Next rewrites request headers while it works (it drops RSC from some requests, adds it to others), so
      // the key is made from the headers as the client sent them.
      const requestHeaders = { ...req.headers };
      record(
        res,
        (response) => {
          if (refreshing !== undefined) cache.endRefresh(refreshing);
          if (response === null) return; // cut off: nothing learnt, a stale copy stays
          const policy = response.body === null ? null : storagePolicy(response.status, response.headers, maxAgeSeconds);
          if (policy !== null) cache.put(primary, requestHeaders, { ...response, ...policy }, now());
          else if (refreshing !== undefined) cache.delete(refreshing); // the URL's answer is not storable any more
        },
        { maxBytes: cache.maxEntryBytes, maxAgeSeconds },
      );
    }
    return handle(req, res);
  };
}

function serve(req, res, cache, entry, time, label) {
  const age = String(cache.age(entry, time));
  if (entry.etag !== undefined && etagMatches(req.headers["if-none-match"], entry.etag)) {
    const headers = { age, "x-cache": label };
    for (const name of NOT_MODIFIED_HEADERS) if (entry.headers[name] !== undefined) headers[name] = entry.headers[name];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(entry.status, { ...entry.headers, age, "x-cache": label, "x-request-id": requestId(req.headers["x-request-id"]) });
  res.end(req.method === "HEAD" ? undefined : entry.body);
}

/** Headers of a `writeHead` call (object, `[name, value]` pairs or a flat list) merged over those already set. */
function headersOf(res, given) {
  const headers = { ...res.getHeaders() };
  if (given === undefined || given === null || typeof given !== "object") return headers;
  if (Array.isArray(given)) {
    const pairs = Array.isArray(given[0]) ? given : Array.from({ length: given.length / 2 }, (_, i) => [given[2 * i], given[2 * i + 1]]);
    for (const [name, value] of pairs) {
      const lower = String(name).toLowerCase();
      const previous = headers[lower];
      headers[lower] = previous === undefined ? value : [previous, value].flat();
    }
    return headers;
  }
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * Records what the handler writes to `res` and calls `done` once it is over: with null when the response was
 * cut off (the client went away, the handler failed before sending headers), else with its status and headers,
 * and its body, or `body: null` when it was not buffered (not storable when its headers went out, or larger
 * than `maxBytes`). Only the instance's methods are wrapped, and they pass everything through unchanged.
 */
export function record(res, done, { maxBytes = Infinity, maxAgeSeconds = Infinity } = {}) {
  const { writeHead, write, end } = res;
  let capturing = true;
  let status = 0;
  let headers = {};
  const chunks = [];
  let bytes = 0;

  const keep = (chunk, encoding) => {
    if (!capturing || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk);
    bytes += buffer.length;
    if (bytes > maxBytes) {
      capturing = false;
      chunks.length = 0;
      return;
    }
    chunks.push(buffer);
  };

  res.writeHead = function (statusCode, reason, given) {
    if (capturing && !res.headersSent) {
      status = statusCode;
      headers = headersOf(res, typeof reason === "string" ? given : reason);
      // Decided when the headers go out: a response that cannot be stored is not buffered.
      if (storagePolicy(status, headers, maxAgeSeconds) === null) capturing = false;
    }
    return writeHead.apply(this, arguments);
  };
  res.write = function (chunk, encoding) {
    keep(chunk, encoding);
    return write.apply(this, arguments);
  };
  res.end = function (chunk, encoding) {
    keep(chunk, encoding);
    return end.apply(this, arguments);
  };

  let finished = false;
  res.once("finish", () => {
    finished = true;
  });
  res.once("close", () => {
    // `finish`: everything was handed to the socket.
    if (!finished || status === 0) return done(null);
    done({ status, headers, body: capturing ? Buffer.concat(chunks) : null });
  });
}
