import { expect, test } from "@playwright/test";
import { deleteRatingRuns, ensureRatingRuns, MODELS, PREFIX } from "../support/leaderboard";
import { sql } from "../support/arena";

// GET /api/leaderboard over HTTP against the production build: empty before the first run, then the newest
// run's rows as JSON and CSV with CDN cache headers.

test.describe.configure({ mode: "serial" });

test("before the first run it answers 200 with no rows", async ({ request }) => {
  await deleteRatingRuns();
  await expect(async () => {
    const res = await request.get("/api/leaderboard");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ run: null, rows: [] });
  }).toPass({ timeout: 10_000 });
});

test.describe("with rating runs", () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await ensureRatingRuns();
  });

  test("JSON rows carry SciArena's fields and match the stored newest run", async ({ request }) => {
    const [latest] = await sql<{ id: string; votesUsed: number }>(`SELECT id, "votesUsed" FROM "RatingRun" WHERE "finishedAt" IS NOT NULL ORDER BY "finishedAt" DESC, id DESC LIMIT 1`);
    let body: { run: { id: string; votes: number }; rows: Record<string, unknown>[] } | undefined;
    await expect(async () => {
      const res = await request.get("/api/leaderboard?scope=overall&style=false");
      expect(res.status()).toBe(200);
      body = await res.json();
      expect(body!.run.id).toBe(latest.id);
    }).toPass({ timeout: 10_000 });
    expect(body!.run.votes).toBe(latest.votesUsed);
    expect(body!.rows).toHaveLength(MODELS);
    for (const row of body!.rows) {
      for (const key of ["modelId", "rating", "rank", "num_battles", "rating_q025", "rating_q975", "variance", "cost_per_100_calls_usd"]) {
        expect(row, key).toHaveProperty(key);
      }
      expect(row.modelId).toMatch(new RegExp(`^${PREFIX}-model-\\d\\d$`));
      expect(row.rating_q025 as number).toBeLessThanOrEqual(row.rating as number);
      expect(row.rating_q975 as number).toBeGreaterThanOrEqual(row.rating as number);
    }
    const stored = await sql<{ slug: string; rating: number; rank: number; battles: number }>(
      `SELECT m.slug, r.rating, r.rank, r.battles FROM "RatingRow" r JOIN "Model" m ON m.id = r."modelId" WHERE r."runId" = $1 AND r.scope = 'overall' AND NOT r."styleControl"`,
      [latest.id],
    );
    for (const s of stored) {
      expect(body!.rows.find((r) => r.modelId === s.slug)).toMatchObject({ rating: s.rating, rank: s.rank, num_battles: s.battles });
    }
  });

  test("cache headers, ETag revalidation, CSV and the style-controlled view", async ({ request }) => {
    const res = await request.get("/api/leaderboard?scope=discipline:Healthcare&style=true");
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toBe("public, max-age=0, s-maxage=60, stale-while-revalidate=600");
    const etag = res.headers()["etag"];
    expect(etag).toMatch(/^"[a-z0-9]+\.[A-Za-z0-9_-]+"$/);
    const body = await res.json();
    expect(body.style_control).toBe(true);
    expect(body.style_coefficients.map((c: { feature: string }) => c.feature)).toEqual(["length", "citations"]);

    const revalidated = await request.get("/api/leaderboard?scope=discipline:Healthcare&style=true", { headers: { "If-None-Match": etag } });
    expect(revalidated.status()).toBe(304);

    const csv = await request.get("/api/leaderboard?scope=overall&format=csv");
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers()["content-disposition"]).toContain("leaderboard-overall.csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0].split(",").slice(0, 11)).toEqual([
      "modelId",
      "name",
      "organization",
      "license",
      "rating",
      "rank",
      "num_battles",
      "rating_q025",
      "rating_q975",
      "variance",
      "cost_per_100_calls_usd",
    ]);
    expect(lines).toHaveLength(MODELS + 1);
  });

  test("bad parameters answer 400 and unknown scopes 404, never 500", async ({ request }) => {
    for (const query of ["scope=", "scope=galaxy:Andromeda", "style=perhaps", "format=xlsx", "include=everything"]) {
      const res = await request.get(`/api/leaderboard?${query}`);
      expect(res.status(), query).toBe(400);
      expect((await res.json()).error.code).toBe("bad_request");
    }
    const missing = await request.get("/api/leaderboard?scope=discipline:Astrology");
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.message).toMatch(/Astrology/);
  });
});
