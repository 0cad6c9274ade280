import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/leaderboard/route";
import { connectDb, getDb, getPool } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { leaderboardDocument, leaderboardQuerySchema } from "@/lib/leaderboard/api-response";
import { clearLeaderboardCache, getLatestRun, getRatingHistory, getScopeView } from "@/lib/leaderboard/read";
import { DEFAULT_SETTINGS } from "@/lib/rating-job/compute";
import { runRatingJob } from "@/lib/rating-job/run-job";
import { seedSyntheticArena } from "@/scripts/lib/seed-votes";
import { createScratchDatabase } from "./helpers/scratch-database";

// The leaderboard's reads and API against a database of its own, before and after rating runs.

const SETTINGS = { ...DEFAULT_SETTINGS, minVotes: { overall: 10, discipline: 10, category: 10 }, bootstrapRounds: 50, styleRounds: 4 };
const call = (query: string, headers: Record<string, string> = {}) =>
  GET(new Request(`http://arena.test/api/leaderboard${query}`, { headers }), undefined as never);

describe("leaderboard reads and GET /api/leaderboard", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const mainUrl = process.env.DATABASE_URL!;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    await migrate(scratch.url);
    connectDb(scratch.url);
    clearLeaderboardCache();
  });
  afterAll(async () => {
    connectDb(mainUrl);
    await scratch?.drop();
  });

  it("says there are no ratings yet before the first run", async () => {
    expect(await getLatestRun()).toBeNull();
    const response = await call("");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ run: null, rows: [], scope: "overall" });
    expect(body.message).toMatch(/No ratings yet/);
    const csv = await call("?format=csv");
    expect((await csv.text()).split("\r\n")[0]).toMatch(/^modelId,name,organization,license,rating,rank,num_battles,rating_q025,rating_q975,variance,cost_per_100_calls_usd/);
  });

  it("serves the newest run's rows with CDN cache headers, an ETag and 304 on revalidation", async () => {
    await seedSyntheticArena(getPool(), { prefix: "lbt", models: 6, votes: 1500, seed: 5, voters: 10 });
    const first = await runRatingJob(getPool(), getDb(), { settings: SETTINGS, counted: { requireConsent: true }, codeVersion: "test-1" });
    clearLeaderboardCache();

    const response = await call("?scope=overall");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=60, stale-while-revalidate=600");
    const etag = response.headers.get("etag")!;
    expect(etag).toMatch(new RegExp(`^"${first.runId}\\.`));
    const body = await response.json();
    expect(body.run).toMatchObject({ id: first.runId, votes: 1500, code_version: "test-1", bootstrap_rounds: 50 });
    const stored = await getDb().ratingRow.findMany({ where: { runId: first.runId!, scope: "overall", styleControl: false }, include: { model: true } });
    expect(body.rows).toHaveLength(6);
    for (const row of body.rows) {
      const match = stored.find((s) => s.model.slug === row.modelId)!;
      expect(row).toMatchObject({ rating: match.rating, rank: match.rank, num_battles: match.battles, rating_q025: match.q025, rating_q975: match.q975, variance: match.variance });
      expect(row.cost_per_100_calls_usd).toBeCloseTo(match.costPer100Usd!, 12);
    }
    expect(body.rows.map((r: { rating: number }) => r.rating)).toEqual([...body.rows.map((r: { rating: number }) => r.rating)].sort((a, b) => b - a));

    const again = await call("?scope=overall", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await call("?scope=overall&style=true");
    expect(other.headers.get("etag")).not.toBe(etag);
    expect((await other.json()).style_coefficients.map((c: { feature: string }) => c.feature)).toEqual(["length", "citations"]);
  });

  it("serves every scope as JSON and CSV, and pair counts on request", async () => {
    const run = (await getLatestRun())!;
    expect(run.scopes.map((s) => s.key)).toEqual([
      "overall",
      "discipline:Engineering",
      "discipline:Healthcare",
      "discipline:Humanities & Social Sciences",
      "discipline:Natural Science",
      "category:Challenges & Limitations",
      "category:Conceptual Explanation",
      "category:Methodology Inquiry",
      "category:State-of-the-Art Assessment",
    ]);
    const csv = await call(`?scope=${encodeURIComponent("discipline:Humanities & Social Sciences")}&format=csv`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="leaderboard-discipline-humanities-social-sciences.csv"');
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^lbt-model-\d\d,Lbt Model \d\d,/);
    const matrices = await (await call(`?scope=${encodeURIComponent("category:Methodology Inquiry")}&include=matrices`)).json();
    const { models, wins, ties } = matrices.pair_counts;
    expect(models).toEqual(matrices.rows.map((r: { modelId: string }) => r.modelId));
    const total = wins.flat().reduce((s: number, n: number) => s + n, 0) + ties.flat().reduce((s: number, n: number) => s + n, 0) / 2;
    expect(total).toBe(run.scopes.find((s) => s.key === "category:Methodology Inquiry")!.votes);
  });

  it("answers 400 for a malformed query and 404 for a scope the run does not have", async () => {
    const bad = await call("?scope=planet:Mars");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe("scope");
    expect((await call("?format=xml")).status).toBe(400);
    expect((await call("?style=maybe")).status).toBe(400);
    const missing = await call("?scope=discipline:Astrology");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toMatch(/Scopes: overall, discipline:Engineering/);
    await expect(leaderboardDocument(leaderboardQuerySchema.parse({ scope: "category:Nope" }))).rejects.toThrow(/No ratings for scope/);
  });

  it("switches to a newer run and keeps the history of ratings across runs", async () => {
    const before = (await getLatestRun())!;
    await seedSyntheticArena(getPool(), { prefix: "lbt", models: 6, votes: 500, seed: 6, voters: 10, offset: 1500 });
    const second = await runRatingJob(getPool(), getDb(), { settings: SETTINGS, counted: { requireConsent: true }, codeVersion: "test-2" });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the newest-run lookup is cached for a second
    const latest = (await getLatestRun())!;
    expect(latest.id).toBe(second.runId);
    expect(latest.id).not.toBe(before.id);
    expect(latest.votesUsed).toBe(2000);
    const view = await getScopeView(latest, latest.scopes[0], false);
    const history = await getRatingHistory(latest.id, "overall", false, view.entries.map((e) => e.modelId));
    expect(history.runs.map((r) => r.id)).toEqual([before.id, latest.id]);
    for (const series of history.series) {
      expect(series.points.map((p) => p.runId)).toEqual([before.id, latest.id]);
      expect(series.points[1].rating).toBe(view.entries.find((e) => e.modelId === series.modelId)!.rating);
    }
  });
});
