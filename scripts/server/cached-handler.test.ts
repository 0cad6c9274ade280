import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error -- Next's own compression middleware (as its router runs it in front of every response) has no types.
import compression from "next/dist/compiled/compression";
import { withResponseCache } from "./cached-handler.mjs";
import { ResponseCache } from "./response-cache.mjs";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

const ISR = "s-maxage=10, stale-while-revalidate=31535999";
const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server with the cache in front of `app`; counts the requests that reached `app`. */
async function start(app: Handler, options: { maxBytes?: number; maxAgeSeconds?: number; now?: () => number } = {}) {
  const calls: string[] = [];
  const cache = new ResponseCache({ maxBytes: options.maxBytes ?? 10 * 1024 * 1024 });
  const handler = withResponseCache(
    (req, res) => {
      calls.push(`${req.method} ${req.url}`);
      return app(req, res);
    },
    cache,
    { maxAgeSeconds: options.maxAgeSeconds ?? 5, now: options.now },
  );
  const server = http.createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on("error", reject);
      req.end();
    });
  return { calls, cache, request };
}

/** Like Next serving a cached page: headers set one by one, the body in one end(). */
const page =
  (body: string, headers: Record<string, string | string[]> = { "Cache-Control": ISR }): Handler =>
  (req, res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("x-request-id", "from-the-app-0001");
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.end(`${body} #${Math.random()}`);
  };

describe("the response cache in front of a handler", () => {
  it("answers a second GET from the cache with the same body, an Age and a request id of its own", async () => {
    const { calls, request } = await start(page("leaderboard"));
    const first = await request("/leaderboard");
    const second = await request("/leaderboard", { headers: { "x-request-id": "client-request-42" } });
    expect(first.headers["x-cache"]).toBe("MISS");
    expect(second.headers["x-cache"]).toBe("HIT");
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(second.headers["cache-control"]).toBe(ISR);
    expect(second.headers.age).toBe("0");
    expect(second.headers["content-length"]).toBe(String(first.body.length));
    expect(second.headers["x-request-id"]).toBe("client-request-42");
    expect(calls).toEqual(["GET /leaderboard"]);
    // The query is part of the key.
    expect((await request("/leaderboard?x=1")).headers["x-cache"]).toBe("MISS");
  });

  it("answers HEAD from a stored GET without a body, and never stores a HEAD answer", async () => {
    const { calls, request } = await start(page("p"));
    expect((await request("/p", { method: "HEAD" })).headers["x-cache"]).toBe("MISS");
    expect((await request("/p", { method: "HEAD" })).headers["x-cache"]).toBe("MISS");
    const get = await request("/p");
    const head = await request("/p", { method: "HEAD" });
    expect(head.headers["x-cache"]).toBe("HIT");
    expect(head.body.length).toBe(0);
    expect(head.headers["content-length"]).toBe(String(get.body.length));
    expect(calls).toEqual(["HEAD /p", "HEAD /p", "GET /p"]);
  });

  it("never stores POSTs, private, no-store or Set-Cookie answers, or answers to requests with Authorization", async () => {
    const { calls, request } = await start((req, res) => {
      const url = req.url ?? "";
      if (url === "/private") return page("x", { "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate" })(req, res);
      if (url === "/cookie") return page("x", { "Cache-Control": ISR, "Set-Cookie": "session=abc; HttpOnly" })(req, res);
      if (url === "/missing") {
        res.writeHead(404, { "Cache-Control": ISR });
        return void res.end("not found");
      }
      return page("x")(req, res);
    });
    for (let i = 0; i < 2; i++) {
      for (const path of ["/private", "/cookie", "/missing"]) expect((await request(path)).headers["x-cache"]).toBe("MISS");
      expect((await request("/public", { method: "POST" })).headers["x-cache"]).toBeUndefined();
      expect((await request("/auth", { headers: { authorization: "Bearer t" } })).headers["x-cache"]).toBeUndefined();
    }
    expect(calls.filter((c) => c === "GET /auth")).toHaveLength(2);
    // An Authorization-less request is not answered with what a request with Authorization got either.
    expect((await request("/auth")).headers["x-cache"]).toBe("MISS");
    expect(calls).toHaveLength(11);
  });

  it("keeps the variants named in Vary apart (an RSC request never gets the HTML)", async () => {
    const { request } = await start((req, res) => {
      const rsc = req.headers.rsc === "1";
      delete req.headers.rsc; // as Next does with the flight headers of some requests
      res.setHeader("Vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch");
      res.setHeader("Cache-Control", ISR);
      res.setHeader("Content-Type", rsc ? "text/x-component" : "text/html");
      res.end(rsc ? "flight" : "<html>");
    });
    expect((await request("/leaderboard")).body.toString()).toBe("<html>");
    const flight = await request("/leaderboard", { headers: { rsc: "1" } });
    expect(flight.headers["x-cache"]).toBe("MISS");
    expect(flight.body.toString()).toBe("flight");
    const again = await request("/leaderboard", { headers: { rsc: "1" } });
    expect(again.headers["x-cache"]).toBe("HIT");
    expect(again.body.toString()).toBe("flight");
    expect(again.headers["content-type"]).toBe("text/x-component");
    const html = await request("/leaderboard", { headers: { "next-router-prefetch": "1" } });
    expect(html.headers["x-cache"]).toBe("MISS");
    expect((await request("/leaderboard")).body.toString()).toBe("<html>");
  });

  it("stores what Next's compression middleware writes, per Accept-Encoding", async () => {
    const compress = compression() as (req: unknown, res: unknown, next: () => void) => void;
    const text = "leaderboard ".repeat(500);
    const { request } = await start((req, res) => {
      compress(req, res, () => {});
      res.setHeader("Cache-Control", ISR);
      res.setHeader("Content-Type", "text/html");
      res.end(text);
    });
    await request("/lb", { headers: { "accept-encoding": "gzip" } });
    const gzipped = await request("/lb", { headers: { "accept-encoding": "gzip" } });
    expect(gzipped.headers["x-cache"]).toBe("HIT");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzipped.body).toString()).toBe(text);
    const plain = await request("/lb");
    expect(plain.headers["x-cache"]).toBe("MISS");
    expect(plain.body.toString()).toBe(text);
    const plainAgain = await request("/lb");
    expect(plainAgain.headers["x-cache"]).toBe("HIT");
    expect(plainAgain.headers["content-encoding"]).toBeUndefined();
    expect(plainAgain.body.toString()).toBe(text);
  });

  it("stores a response streamed in chunks after writeHead with a list of headers", async () => {
    const { request } = await start((req, res) => {
      res.writeHead(200, ["Content-Type", "text/plain", "Cache-Control", "public, max-age=60"]);
      res.write("a");
      res.write(Buffer.from("b"));
      res.end("c", "utf8");
    });
    await request("/s");
    const hit = await request("/s");
    expect(hit.headers["x-cache"]).toBe("HIT");
    expect(hit.body.toString()).toBe("abc");
    expect(hit.headers["content-type"]).toBe("text/plain");
  });

  it("answers If-None-Match with a 304 from a stored ETag", async () => {
    const { calls, request } = await start(page("api", { "Cache-Control": "public, max-age=0, s-maxage=60", ETag: '"run-7"' }));
    await request("/api/leaderboard");
    const notModified = await request("/api/leaderboard", { headers: { "if-none-match": '"run-7"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers["x-cache"]).toBe("HIT");
    expect(notModified.headers.etag).toBe('"run-7"');
    expect(notModified.body.length).toBe(0);
    expect((await request("/api/leaderboard", { headers: { "if-none-match": '"run-6"' } })).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("does not store a response larger than a quarter of its budget", async () => {
    const { request } = await start(page("x".repeat(300_000)), { maxBytes: 1024 * 1024 });
    await request("/big");
    expect((await request("/big")).headers["x-cache"]).toBe("MISS");
  });

  it("serves a stale copy to everyone but one request, which refreshes it", async () => {
    let now = 0;
    let release: () => void = () => {};
    let version = 0;
    const { calls, request } = await start(
      async (req, res) => {
        version++;
        if (version > 1) await new Promise<void>((resolve) => (release = resolve));
        res.setHeader("Cache-Control", ISR);
        res.end(`v${version}`);
      },
      { now: () => now },
    );
    expect((await request("/lb")).body.toString()).toBe("v1");
    now = 4_999;
    expect((await request("/lb")).headers["x-cache"]).toBe("HIT");
    now = 5_000;
    const refresh = request("/lb"); // goes to the app, which takes its time
    await new Promise((resolve) => setTimeout(resolve, 50));
    const others = await Promise.all([request("/lb"), request("/lb"), request("/lb", { method: "HEAD" })]);
    for (const other of others) expect(other.headers["x-cache"]).toBe("STALE");
    expect(others[0].body.toString()).toBe("v1");
    expect(others[0].headers.age).toBe("5");
    release();
    expect((await refresh).body.toString()).toBe("v2");
    const after = await request("/lb");
    expect(after.headers["x-cache"]).toBe("HIT");
    expect(after.body.toString()).toBe("v2");
    expect(calls).toHaveLength(2);
  });

  it("forgets a stale copy when the refresh is no longer storable", async () => {
    let now = 0;
    let status = 200;
    const { request } = await start(
      (req, res) => {
        res.writeHead(status, { "Cache-Control": ISR });
        res.end(String(status));
      },
      { now: () => now },
    );
    await request("/gone");
    now = 6_000;
    status = 404;
    expect((await request("/gone")).status).toBe(404);
    const next = await request("/gone");
    expect(next.status).toBe(404);
    expect(next.headers["x-cache"]).toBe("MISS");
  });

  it("asks the app again once a copy is past its stale window, and forgets the copy", async () => {
    let now = 0;
    const { calls, cache, request } = await start(page("x", { "Cache-Control": "public, max-age=2" }), { now: () => now });
    await request("/p");
    now = 1_999;
    expect((await request("/p")).headers["x-cache"]).toBe("HIT");
    now = 2_000;
    expect((await request("/p", { method: "HEAD" })).headers["x-cache"]).toBe("MISS");
    expect(cache.size).toBe(0);
    expect((await request("/p")).headers["x-cache"]).toBe("MISS");
    expect((await request("/p")).headers["x-cache"]).toBe("HIT");
    expect(calls).toHaveLength(3);
  });
});
