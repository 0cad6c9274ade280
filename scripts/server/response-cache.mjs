// The shared HTTP response cache of the production server (scripts/server.mjs): what a CDN in front of the
// app would keep, held in the app process. Pure logic only (no sockets): which responses may be stored, under
// which key, for how long, and a least-recently-used store bounded by bytes. Plain JavaScript because the
// server runs without a build step. See docs/decisions/062-response-cache.md.

/** Headers never replayed from the cache: per connection, per request, or recomputed when served. */
const NOT_STORED = new Set(["connection", "keep-alive", "transfer-encoding", "date", "age", "x-cache", "x-request-id", "content-length"]);

/** Rough per-entry overhead (objects, key, header strings) counted against the byte budget. */
const ENTRY_OVERHEAD = 512;

/** A header value as one string (Node gives arrays for repeated headers, numbers for some set by code). */
export function headerText(value) {
  if (value === undefined || value === null) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/** `Cache-Control` directives, names in lower case; a directive without a value maps to `true`. */
export function parseCacheControl(value) {
  const directives = new Map();
  for (const part of headerText(value).split(",")) {
    const eq = part.indexOf("=");
    const name = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === "") continue;
    const raw = eq === -1 ? true : part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    if (!directives.has(name)) directives.set(name, raw);
  }
  return directives;
}

/** Header names listed in `Vary`, lower case, without duplicates, in order. */
export function parseVary(value) {
  const names = [];
  for (const part of headerText(value).split(",")) {
    const name = part.trim().toLowerCase();
    if (name !== "" && !names.includes(name)) names.push(name);
  }
  return names;
}

const seconds = (value) => {
  if (value === true || value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : undefined;
};

/** Only GET and HEAD, and never a request that carries credentials of its own (`Authorization`). */
export function isCacheableRequest(method, headers) {
  return (method === "GET" || method === "HEAD") && headers.authorization === undefined;
}

/**
 * Whether a response may be kept in a shared cache, and for how long. Stored: status 200, `Cache-Control`
 * with `public` or `s-maxage`, none of `private`, `no-store`, `no-cache`, no `Set-Cookie`, no `Vary: *`.
 * Fresh for `s-maxage` (else `max-age`) seconds, at most `maxAgeSeconds`; then served stale for up to
 * `stale-while-revalidate` seconds while one request fetches a new copy (none after `must-revalidate`).
 * @param {number} status
 * @param {Record<string, unknown>} headers lower-case names
 * @param {number} maxAgeSeconds
 * @returns {{ ttl: number, swr: number, vary: string[] } | null}
 */
export function storagePolicy(status, headers, maxAgeSeconds) {
  if (status !== 200) return null;
  if (headers["set-cookie"] !== undefined) return null;
  const cc = parseCacheControl(headers["cache-control"]);
  if (!cc.has("public") && !cc.has("s-maxage")) return null;
  if (cc.has("private") || cc.has("no-store") || cc.has("no-cache")) return null;
  const vary = parseVary(headers.vary);
  if (vary.includes("*")) return null;
  const lifetime = seconds(cc.get("s-maxage")) ?? seconds(cc.get("max-age"));
  if (lifetime === undefined) return null;
  const ttl = Math.min(lifetime, maxAgeSeconds);
  const mustRevalidate = cc.has("must-revalidate") || cc.has("proxy-revalidate");
  const swrDirective = cc.get("stale-while-revalidate");
  // A bare `stale-while-revalidate` (no delta) is read as "any time": the first request after expiry refreshes.
  const swr = mustRevalidate || swrDirective === undefined ? 0 : swrDirective === true ? Infinity : (seconds(swrDirective) ?? 0);
  if (ttl <= 0 && swr <= 0) return null;
  return { ttl, swr, vary };
}

/** A request header's value as it goes into a key. Accept-Encoding is compared without case and spaces. */
export function keyValue(name, value) {
  const text = headerText(value);
  return name === "accept-encoding" ? text.toLowerCase().replace(/\s+/g, "") : text;
}

/** The method-independent part of a key: host and path with query. */
export function primaryKey(host, url) {
  return `${headerText(host)} ${url}`;
}

function variantKey(primary, vary, headers) {
  let key = primary;
  for (const name of vary) key += `\n${name}:${keyValue(name, headers[name])}`;
  return key;
}

/** Whether an `If-None-Match` header matches an entity tag (weak comparison, as for GET). */
export function etagMatches(ifNoneMatch, etag) {
  if (!ifNoneMatch || !etag) return false;
  const bare = (tag) => tag.trim().replace(/^W\//, "");
  const want = bare(etag);
  return headerText(ifNoneMatch)
    .split(",")
    .some((tag) => tag.trim() === "*" || bare(tag) === want);
}

/** The headers kept with an entry (lower-case names, without per-connection and per-request ones). */
export function storedHeaders(headers) {
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || NOT_STORED.has(lower)) continue;
    kept[lower] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return kept;
}

const headersSize = (headers) => Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + headerText(value).length + 4, 0);

/**
 * Responses by key, least recently used evicted first once the total exceeds `maxBytes`. Entries are found in
 * two steps, as in HTTP caches: the primary key (host + URL) gives the `Vary` names of the newest response for
 * that URL, and the request's values of those headers complete the key.
 */
export class ResponseCache {
  /** @param {{ maxBytes: number, maxEntryBytes?: number }} options */
  constructor({ maxBytes, maxEntryBytes }) {
    this.maxBytes = maxBytes;
    // One response may take at most a quarter of the budget, so a big one cannot flush everything else.
    this.maxEntryBytes = Math.min(maxEntryBytes ?? Infinity, Math.floor(maxBytes / 4));
    this.bytes = 0;
    /** @type {Map<string, any>} variant key → entry, oldest use first */
    this.entries = new Map();
    /** @type {Map<string, { vary: string[], count: number }>} primary key → Vary names of its entries */
    this.urls = new Map();
  }

  get size() {
    return this.entries.size;
  }

  /** The entry for a request, or undefined; marks it as used. */
  lookup(primary, requestHeaders) {
    const url = this.urls.get(primary);
    if (url === undefined) return undefined;
    const key = variantKey(primary, url.vary, requestHeaders);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** `fresh`, `stale` (may be served while one request refreshes it) or `expired`. */
  state(entry, now) {
    const age = (now - entry.storedAt) / 1000;
    if (age < entry.ttl) return "fresh";
    return age < entry.ttl + entry.swr ? "stale" : "expired";
  }

  /** Whole seconds since the entry was stored, for the `Age` header. */
  age(entry, now) {
    return Math.max(0, Math.floor((now - entry.storedAt) / 1000));
  }

  /**
   * Claims the refresh of a stale entry: true for exactly one caller until `endRefresh`, so a crowd of
   * requests for an expired page sends one of them to the app and serves the others the stale copy.
   */
  beginRefresh(entry) {
    if (entry.refreshing) return false;
    entry.refreshing = true;
    return true;
  }

  endRefresh(entry) {
    entry.refreshing = false;
  }

  /**
   * Stores a response for the request that fetched it. Returns the entry, or null when it does not fit.
   * @param {string} primary
   * @param {Record<string, unknown>} requestHeaders lower-case names
   * @param {{ status: number, headers: Record<string, unknown>, body: Buffer, ttl: number, swr: number, vary: string[] }} response
   * @param {number} now milliseconds
   */
  put(primary, requestHeaders, response, now) {
    const headers = storedHeaders(response.headers);
    headers["content-length"] = String(response.body.length);
    const size = response.body.length + headersSize(headers) + primary.length + ENTRY_OVERHEAD;
    if (size > this.maxEntryBytes) return null;
    let url = this.urls.get(primary);
    if (url !== undefined && url.vary.join(",") !== response.vary.join(",")) {
      // The URL's response now varies on other headers: its old variants cannot be found any more.
      for (const [key, entry] of this.entries) if (entry.primary === primary) this.remove(key, entry);
      url = undefined;
    }
    if (url === undefined) {
      url = { vary: response.vary, count: 0 };
      this.urls.set(primary, url);
    }
    const key = variantKey(primary, response.vary, requestHeaders);
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    if (!this.urls.has(primary)) this.urls.set(primary, url);
    const etag = headerText(headers.etag) || undefined;
    const entry = { key, primary, status: response.status, headers, body: response.body, etag, storedAt: now, ttl: response.ttl, swr: response.swr, size, refreshing: false };
    this.entries.set(key, entry);
    url.count++;
    this.bytes += size;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldKey, old);
    }
    return this.entries.get(key) === entry ? entry : null;
  }

  /** Forgets an entry (a refresh found the response no longer storable). */
  delete(entry) {
    if (this.entries.get(entry.key) === entry) this.remove(entry.key, entry);
  }

  remove(key, entry) {
    this.entries.delete(key);
    this.bytes -= entry.size;
    const url = this.urls.get(entry.primary);
    if (url !== undefined && --url.count <= 0) this.urls.delete(entry.primary);
  }
}
