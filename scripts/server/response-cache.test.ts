import { describe, expect, it } from "vitest";
import {
  etagMatches,
  isCacheableRequest,
  keyValue,
  parseCacheControl,
  parseVary,
  primaryKey,
  ResponseCache,
  storagePolicy,
  storedHeaders,
} from "./response-cache.mjs";

const ISR = "s-maxage=10, stale-while-revalidate=31535999";
const API = "public, max-age=0, s-maxage=60, stale-while-revalidate=600";

function response(body: string, headers: Record<string, unknown> = {}, policy = { ttl: 5, swr: 60, vary: [] as string[] }) {
  return { status: 200, headers: { "content-type": "text/html", ...headers }, body: Buffer.from(body), ...policy };
}

describe("parsing", () => {
  it("reads Cache-Control directives with and without values, first one wins", () => {
    const cc = parseCacheControl('Public, s-maxage=10, stale-while-revalidate, max-age="5", s-maxage=99');
    expect(cc.get("public")).toBe(true);
    expect(cc.get("s-maxage")).toBe("10");
    expect(cc.get("stale-while-revalidate")).toBe(true);
    expect(cc.get("max-age")).toBe("5");
    expect(parseCacheControl(undefined).size).toBe(0);
  });

  it("reads Vary names in lower case without duplicates, also from repeated headers", () => {
    expect(parseVary(["RSC, Next-Router-State-Tree", "Accept-Encoding, rsc"])).toEqual(["rsc", "next-router-state-tree", "accept-encoding"]);
    expect(parseVary(undefined)).toEqual([]);
  });
});

describe("what may be stored", () => {
  it("stores public and s-maxage responses, fresh for s-maxage (else max-age) capped by the setting", () => {
    expect(storagePolicy(200, { "cache-control": ISR }, 5)).toEqual({ ttl: 5, swr: 31535999, vary: [] });
    expect(storagePolicy(200, { "cache-control": API, vary: "Accept-Encoding" }, 100)).toEqual({ ttl: 60, swr: 600, vary: ["accept-encoding"] });
    expect(storagePolicy(200, { "cache-control": "public, max-age=3" }, 5)).toEqual({ ttl: 3, swr: 0, vary: [] });
    expect(storagePolicy(200, { "cache-control": "public, max-age=31536000, immutable" }, 5)?.ttl).toBe(5);
  });

  it("refuses other statuses, private, no-store, no-cache, Set-Cookie, Vary: * and responses without a lifetime", () => {
    expect(storagePolicy(404, { "cache-control": ISR }, 5)).toBeNull();
    expect(storagePolicy(304, { "cache-control": ISR }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": "max-age=60" }, 5)).toBeNull(); // browser-only
    expect(storagePolicy(200, { "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": "public, s-maxage=10, private" }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": "public, s-maxage=10, no-store" }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": "public, s-maxage=10, no-cache" }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": ISR, "set-cookie": ["a=b"] }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": ISR, vary: "RSC, *" }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": "public" }, 5)).toBeNull();
    expect(storagePolicy(200, { "cache-control": "public, max-age=0" }, 5)).toBeNull();
    expect(storagePolicy(200, {}, 5)).toBeNull();
  });

  it("serves nothing stale after must-revalidate, and reads a bare stale-while-revalidate as unbounded", () => {
    expect(storagePolicy(200, { "cache-control": "public, max-age=10, must-revalidate, stale-while-revalidate=60" }, 5)?.swr).toBe(0);
    expect(storagePolicy(200, { "cache-control": "s-maxage=10, stale-while-revalidate" }, 5)?.swr).toBe(Infinity);
  });

  it("only answers GET and HEAD requests without Authorization", () => {
    expect(isCacheableRequest("GET", {})).toBe(true);
    expect(isCacheableRequest("HEAD", {})).toBe(true);
    expect(isCacheableRequest("POST", {})).toBe(false);
    expect(isCacheableRequest("OPTIONS", {})).toBe(false);
    expect(isCacheableRequest("GET", { authorization: "Bearer x" })).toBe(false);
  });

  it("keeps no per-connection or per-request headers, and copies header values", () => {
    const kept = storedHeaders({ "Content-Type": "text/html", date: "x", connection: "keep-alive", "transfer-encoding": "chunked", "x-request-id": "r", "x-cache": "MISS", "content-length": 3, "x-list": ["a", "b"] });
    expect(kept).toEqual({ "content-type": "text/html", "x-list": ["a", "b"] });
  });
});

describe("keys", () => {
  it("take host and URL with query, and compare Accept-Encoding without case and spaces", () => {
    expect(primaryKey("h:1", "/a?b=1")).not.toBe(primaryKey("h:1", "/a?b=2"));
    expect(primaryKey("h:1", "/a")).not.toBe(primaryKey("h:2", "/a"));
    expect(keyValue("accept-encoding", "GZIP, deflate")).toBe(keyValue("accept-encoding", "gzip,deflate"));
    expect(keyValue("rsc", "1")).not.toBe(keyValue("rsc", undefined));
  });

  it("find an entry only for requests with the same values of the headers its response varies on", () => {
    const cache = new ResponseCache({ maxBytes: 1e6 });
    const key = primaryKey("h", "/leaderboard");
    const vary = ["rsc", "accept-encoding"];
    cache.put(key, {}, response("html", {}, { ttl: 5, swr: 0, vary }), 0);
    cache.put(key, { rsc: "1" }, response("flight", {}, { ttl: 5, swr: 0, vary }), 0);
    cache.put(key, { "accept-encoding": "gzip" }, response("gzipped", {}, { ttl: 5, swr: 0, vary }), 0);
    expect(cache.lookup(key, {})?.body.toString()).toBe("html");
    expect(cache.lookup(key, { cookie: "session=1" })?.body.toString()).toBe("html"); // not in Vary
    expect(cache.lookup(key, { rsc: "1" })?.body.toString()).toBe("flight");
    expect(cache.lookup(key, { "accept-encoding": " GZIP" })?.body.toString()).toBe("gzipped");
    expect(cache.lookup(key, { rsc: "1", "accept-encoding": "gzip" })).toBeUndefined();
    expect(cache.lookup(primaryKey("h", "/leaderboard?x=1"), {})).toBeUndefined();
  });

  it("drop a URL's old variants when its responses start to vary on other headers", () => {
    const cache = new ResponseCache({ maxBytes: 1e6 });
    const key = primaryKey("h", "/a");
    cache.put(key, { rsc: "1" }, response("flight", {}, { ttl: 5, swr: 0, vary: ["rsc"] }), 0);
    cache.put(key, {}, response("html", {}, { ttl: 5, swr: 0, vary: ["rsc"] }), 0);
    cache.put(key, {}, response("plain", {}, { ttl: 5, swr: 0, vary: [] }), 0);
    expect(cache.size).toBe(1);
    expect(cache.lookup(key, { rsc: "1" })?.body.toString()).toBe("plain");
  });
});

describe("freshness", () => {
  it("is fresh for ttl seconds, then stale for swr seconds, then expired; Age counts whole seconds", () => {
    const cache = new ResponseCache({ maxBytes: 1e6 });
    const entry = cache.put(primaryKey("h", "/"), {}, response("x", {}, { ttl: 5, swr: 10, vary: [] }), 1_000)!;
    expect(cache.state(entry, 1_000)).toBe("fresh");
    expect(cache.state(entry, 5_999)).toBe("fresh");
    expect(cache.age(entry, 5_999)).toBe(4);
    expect(cache.state(entry, 6_000)).toBe("stale");
    expect(cache.state(entry, 15_999)).toBe("stale");
    expect(cache.state(entry, 16_000)).toBe("expired");
  });

  it("lets exactly one caller refresh a stale entry at a time", () => {
    const cache = new ResponseCache({ maxBytes: 1e6 });
    const entry = cache.put(primaryKey("h", "/"), {}, response("x"), 0)!;
    expect(cache.beginRefresh(entry)).toBe(true);
    expect(cache.beginRefresh(entry)).toBe(false);
    expect(cache.beginRefresh(entry)).toBe(false);
    cache.endRefresh(entry);
    expect(cache.beginRefresh(entry)).toBe(true);
  });

  it("replaces an entry with the refreshed response, and forgets one on delete", () => {
    const cache = new ResponseCache({ maxBytes: 1e6 });
    const key = primaryKey("h", "/");
    const old = cache.put(key, {}, response("old"), 0)!;
    cache.put(key, {}, response("new"), 6_000);
    expect(cache.size).toBe(1);
    const current = cache.lookup(key, {})!;
    expect(current.body.toString()).toBe("new");
    cache.delete(old); // an old entry no longer in the cache: nothing happens
    expect(cache.lookup(key, {})).toBe(current);
    cache.delete(current);
    expect(cache.lookup(key, {})).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});

describe("memory bound", () => {
  const body = "x".repeat(10_000);

  it("evicts the least recently used entries once the byte budget is exceeded", () => {
    const cache = new ResponseCache({ maxBytes: 45_000 }); // four entries of ~10.5 kB fit
    for (const path of ["/a", "/b", "/c", "/d"]) cache.put(primaryKey("h", path), {}, response(body), 0);
    expect(cache.size).toBe(4);
    cache.lookup(primaryKey("h", "/a"), {}); // /a used: /b is now the oldest
    cache.put(primaryKey("h", "/e"), {}, response(body), 0);
    expect(cache.lookup(primaryKey("h", "/b"), {})).toBeUndefined();
    for (const path of ["/a", "/c", "/d", "/e"]) expect(cache.lookup(primaryKey("h", path), {})).toBeDefined();
    expect(cache.bytes).toBeLessThanOrEqual(45_000);
    expect(cache.urls.size).toBe(4); // nothing left behind for the evicted URL
  });

  it("does not store a response larger than a quarter of the budget", () => {
    const cache = new ResponseCache({ maxBytes: 40_000 });
    expect(cache.put(primaryKey("h", "/big"), {}, response("x".repeat(10_001)), 0)).toBeNull();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("counts the body and headers, and sets Content-Length from the stored body", () => {
    const cache = new ResponseCache({ maxBytes: 1e6 });
    const entry = cache.put(primaryKey("h", "/"), {}, response("héllo", { "content-length": "999" }), 0)!;
    expect(entry.headers["content-length"]).toBe("6");
    expect(cache.bytes).toBeGreaterThan(6);
    expect(cache.bytes).toBe(entry.size);
  });
});

describe("If-None-Match", () => {
  it("matches weakly, in lists and with *", () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', 'W/"abc"')).toBe(true);
    expect(etagMatches("*", '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
    expect(etagMatches('"abc"', undefined)).toBe(false);
  });
});
