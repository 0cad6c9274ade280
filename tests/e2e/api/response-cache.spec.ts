import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { BASE_URL, signedInClient } from "../support/arena";

// The production server's shared response cache (scripts/server.mjs, docs/decisions/062-response-cache.md)
// against the real build: public pages are answered from it, nothing personal or unsafe ever is.

test.describe.configure({ mode: "serial" });

/** Two GETs in a row until the second is a cache hit (the first may find a copy about to expire). */
async function hitPair(api: APIRequestContext, path: string, headers: Record<string, string> = {}) {
  let pair: { first: Awaited<ReturnType<APIRequestContext["get"]>>; second: Awaited<ReturnType<APIRequestContext["get"]>> } | undefined;
  await expect(async () => {
    const first = await api.get(path, { headers });
    const second = await api.get(path, { headers });
    expect(first.status()).toBe(200);
    expect(second.headers()["x-cache"]).toBe("HIT");
    pair = { first, second };
  }).toPass({ timeout: 20_000 });
  return pair!;
}

test("a second GET of the leaderboard is a cache hit with the same body", async ({ request }) => {
  const { first, second } = await hitPair(request, "/leaderboard");
  expect(["MISS", "HIT", "STALE"]).toContain(first.headers()["x-cache"]);
  expect(second.headers()["content-type"]).toMatch(/^text\/html/);
  expect((await second.body()).equals(await first.body())).toBe(true);
  expect(Number(second.headers()["age"])).toBeGreaterThanOrEqual(0);
  expect(second.headers()["cache-control"]).toMatch(/s-maxage=/);
  // Every answer has its own request id, also from the cache.
  expect(second.headers()["x-request-id"]).not.toBe(first.headers()["x-request-id"]);
});

test("a React Server Components request is never answered with the HTML, nor a page request with RSC", async ({ request }) => {
  await hitPair(request, "/leaderboard");
  // `_rsc` with no value is what Next expects when only the RSC header is sent (it redirects otherwise).
  const { second: flight } = await hitPair(request, "/leaderboard?_rsc", { RSC: "1" });
  expect(flight.headers()["content-type"]).toMatch(/^text\/x-component/);
  expect(await flight.text()).not.toContain("<html");
  const { second: html } = await hitPair(request, "/leaderboard?_rsc");
  expect(html.headers()["content-type"]).toMatch(/^text\/html/);
  const page = await request.get("/leaderboard");
  expect(page.headers()["content-type"]).toMatch(/^text\/html/);
  expect(await page.text()).toContain("<html");
});

test("POSTs, requests with Authorization and answers with Set-Cookie or private are never served from the cache", async ({ request, playwright }) => {
  await hitPair(request, "/leaderboard");
  for (let i = 0; i < 3; i++) {
    const post = await request.post("/leaderboard/select", { form: { scope: "overall" }, maxRedirects: 0 });
    expect(post.headers()["x-cache"]).not.toBe("HIT");
    const authorized = await request.get("/leaderboard", { headers: { Authorization: "Bearer not-a-cache-key" } });
    expect(authorized.headers()["x-cache"]).toBeUndefined();
    // Auth.js' CSRF answer sets a cookie (for a client without one) and is private.
    const visitor = await playwright.request.newContext({ baseURL: BASE_URL });
    const csrf = await visitor.get("/api/auth/csrf");
    expect(csrf.headers()["x-cache"]).toBe("MISS");
    expect(csrf.headers()["set-cookie"]).toBeTruthy();
    await visitor.dispose();
  }
});

test("a signed-in page is rendered for its reader every time and never shown to anyone else", async ({ request }) => {
  const name = `cache-probe-${randomUUID().slice(0, 8)}`;
  const { api } = await signedInClient(name);
  try {
    for (let i = 0; i < 3; i++) {
      const mine = await api.get("/");
      expect(mine.status()).toBe(200);
      expect(mine.headers()["x-cache"]).toBe("MISS");
      expect(mine.headers()["cache-control"]).toMatch(/private|no-store/);
      expect(await mine.text()).toContain(name);
    }
    const anonymous = await request.get("/");
    expect(anonymous.headers()["x-cache"]).toBe("MISS");
    expect(await anonymous.text()).not.toContain(name);
    // The public page is the same for the signed-in reader (their account area is filled in the browser).
    const { second } = await hitPair(api, "/leaderboard");
    expect(await second.text()).not.toContain(name);
  } finally {
    await api.dispose();
  }
});
