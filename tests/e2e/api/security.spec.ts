import { expect, test } from "@playwright/test";
import { QUESTIONS, signedInClient, tableCounts } from "../support/arena";

test("pages carry a strict CSP with a fresh nonce and the security headers", async ({ request }) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-inline' 'unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
  // Next.js puts the nonce on its own scripts.
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  // API routes get the same headers from route() (they skip proxy.ts), on errors too.
  const refused = await request.post("/api/battles/cxxxxxxxxxxxxxxxxxxxxxxxx/vote", { data: { choice: "A" } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  for (const response of [first, await request.get("/api/health"), refused]) {
    const h = response.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  }
});

test("a sane upstream request id is kept, a hostile one replaced", async ({ request }) => {
  const kept = await request.get("/api/health", { headers: { "x-request-id": "lb-req-12345678" } });
  expect(kept.headers()["x-request-id"]).toBe("lb-req-12345678");
  const replaced = await request.get("/api/health", { headers: { "x-request-id": "bad id with spaces <script>" } });
  expect(replaced.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("state-changing requests from another site are refused and change nothing", async () => {
  const { api } = await signedInClient("origin");
  const before = await tableCounts();
  const crossOrigin = await api.post("/api/battles", {
    data: { question: QUESTIONS[0] },
    headers: { Origin: "https://evil.example" },
  });
  expect(crossOrigin.status()).toBe(403);
  expect((await crossOrigin.json()).error.message).toMatch(/Cross-origin/);
  const crossSite = await api.post("/api/battles", {
    data: { question: QUESTIONS[0] },
    headers: { "Sec-Fetch-Site": "cross-site" },
  });
  expect(crossSite.status()).toBe(403);
  const opaque = await api.post("/api/battles", { data: { question: QUESTIONS[0] }, headers: { Origin: "null" } });
  expect(opaque.status()).toBe(403);
  expect(await tableCounts()).toEqual(before);

  const sameOrigin = await api.post("/api/battles", {
    data: { question: QUESTIONS[0] },
    headers: { Origin: new URL(test.info().project.use.baseURL ?? "http://127.0.0.1:3199").origin },
  });
  expect(sameOrigin.status()).toBe(201);
});
