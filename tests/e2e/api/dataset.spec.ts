import { expect, test } from "@playwright/test";
import { consentingVotes, waitForDataset } from "../support/dataset";

test("the dataset files stream with ETag, revalidation, byte ranges and caching headers", async ({ request }) => {
  const before = await waitForDataset(request);
  const voter = await consentingVotes("dsapivoter", ["A", "B"]);
  const summary = await waitForDataset(request, (s) => s.snapshot!.train.total >= before.snapshot!.train.total + 2);
  expect(summary.files.map((file) => file.name)).toEqual([
    "sciarena-eval.parquet",
    "sciarena-eval.jsonl",
    "train.parquet",
    "train.jsonl",
    "README.md",
    "manifest.json",
  ]);

  const train = await request.get("/api/dataset/train.jsonl", { headers: { "Accept-Encoding": "identity" } });
  expect(train.status()).toBe(200);
  const headers = train.headers();
  expect(headers["content-type"]).toContain("application/jsonl");
  expect(headers["cache-control"]).toBe("public, max-age=300, must-revalidate");
  expect(headers["accept-ranges"]).toBe("bytes");
  expect(headers["content-disposition"]).toBe('attachment; filename="train.jsonl"');
  expect(headers.etag).toMatch(/^"[0-9a-f]{64}"$/);
  const body = await train.text();
  // Next.js drops Content-Length from route handlers (the body streams chunked); the manifest has the size.
  expect(Buffer.byteLength(body)).toBe(summary.files.find((file) => file.name === "train.jsonl")!.bytes);
  const ids = body.trim().split("\n").map((line) => JSON.parse(line).id);
  for (const id of voter.voteIds) expect(ids).toContain(id);
  expect(body).not.toContain(voter.email);

  const revalidated = await request.get("/api/dataset/train.jsonl", { headers: { "If-None-Match": headers.etag } });
  expect(revalidated.status()).toBe(304);
  expect(await revalidated.body()).toHaveLength(0);

  const head = await request.get("/api/dataset/train.parquet", { headers: { Range: "bytes=0-3" } });
  expect(head.status()).toBe(206);
  // Never gzipped: the range is a range of the file itself.
  expect(head.headers()["content-encoding"]).toBeUndefined();
  expect(head.headers()["cache-control"]).toBe("public, max-age=300, must-revalidate, no-transform");
  expect((await head.body()).toString("latin1")).toBe("PAR1");
  const size = Number(head.headers()["content-range"].split("/")[1]);
  const tail = await request.get("/api/dataset/train.parquet", { headers: { Range: "bytes=-4" } });
  expect(tail.status()).toBe(206);
  expect(tail.headers()["content-range"]).toBe(`bytes ${size - 4}-${size - 1}/${size}`);
  expect((await tail.body()).toString("latin1")).toBe("PAR1");
  const outside = await request.get("/api/dataset/train.parquet", { headers: { Range: `bytes=${size}-` } });
  expect(outside.status()).toBe(416);

  const card = await request.get("/api/dataset/README.md");
  expect(card.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
  expect(await card.text()).toMatch(/^---\npretty_name:/);
  const manifest = await request.get("/api/dataset/manifest.json");
  expect((await manifest.json()).splits.train.stats.total).toBe(summary.snapshot!.train.total);
});

test("unknown dataset files are a 404, also with path tricks", async ({ request }) => {
  for (const name of ["secrets.txt", "..%2F..%2Fpackage.json", "%2E%2E%2Fcurrent.json", "manifest.json.tmp"]) {
    const response = await request.get(`/api/dataset/${name}`);
    expect(response.status(), name).toBe(404);
  }
  const body = await (await request.get("/api/dataset/secrets.txt")).json();
  expect(body.error.code).toBe("not_found");
});

test("the judges API lists stored evaluations and the published reference points", async ({ request }) => {
  const response = await request.get("/api/judges");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(Array.isArray(body.evaluations)).toBe(true);
  expect(body.references.judges).toEqual([
    { judge: "o3", accuracy: 0.651 },
    { judge: "GPT-4.1", accuracy: 0.619 },
    { judge: "random", accuracy: 0.5 },
  ]);
});
