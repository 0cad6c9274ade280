import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_SETTINGS, type JobSettings } from "@/lib/rating-job/compute";
import { readGroupedCounts, readModelCosts, readModels, readVotes, streamVotes } from "@/lib/rating-job/load";
import { NotEnoughVotesError, runRatingJob } from "@/lib/rating-job/run-job";
import {
  aggregate,
  computeLeaderboard,
  computeStyleLeaderboard,
  normalizedDifference,
  onlineElo,
  OUTCOME_CODE,
  VoteColumnsBuilder,
  type LeaderboardRow,
} from "@/lib/ratings";
import { countedVotesSql, countedVoteWhere } from "@/lib/votes/counted-votes";
import { labelCounts } from "@/scripts/lib/seed-votes";
import { createRatingScenario, expectedCounted, type RatingScenario, type ScenarioVote } from "./helpers/rating-scenario";
import { createScratchDatabase } from "./helpers/scratch-database";
import { migrate } from "@/lib/db/migrate";

const SETTINGS: JobSettings = {
  ...DEFAULT_SETTINGS,
  minVotes: { overall: 10, discipline: 10, category: 10 },
  bootstrapRounds: 100,
  styleRounds: 8,
  seed: 42,
};

type Filter = (v: ScenarioVote) => boolean;
const SCOPES: Record<string, Filter> = {
  overall: () => true,
  "discipline:Engineering": (v) => v.discipline === "Engineering",
  "discipline:Healthcare": (v) => v.discipline === "Healthcare",
  "category:Labelled": (v) => v.category === "Labelled",
  "category:Methods": (v) => v.category === "Methods",
};

function expectRowsEqual(stored: { modelId: string; rating: number; q025: number; q975: number; variance: number | null; rank: number; battles: number; wins: number; losses: number; ties: number }[], expected: LeaderboardRow[]) {
  expect(stored.map((r) => r.modelId).sort()).toEqual(expected.map((r) => r.model).sort());
  const byModel = new Map(stored.map((r) => [r.modelId, r]));
  for (const row of expected) {
    const got = byModel.get(row.model)!;
    expect(got.rating).toBeCloseTo(row.rating, 9);
    expect(got.q025).toBeCloseTo(row.q025, 9);
    expect(got.q975).toBeCloseTo(row.q975, 9);
    expect(got.variance!).toBeCloseTo(row.variance, 6);
    expect([got.rank, got.battles, got.wins, got.losses, got.ties]).toEqual([row.rank, row.battles, row.wins, row.losses, row.ties]);
  }
}

describe("rating job on PostgreSQL", () => {
  let scenario: RatingScenario;
  let modelIds: string[];
  let runId: string;

  beforeAll(async () => {
    scenario = await createRatingScenario();
    modelIds = [...scenario.models].sort((a, b) => (a.slug < b.slug ? -1 : 1)).map((m) => m.id);
    const outcome = await runRatingJob(scenario.pool, scenario.prisma, { settings: SETTINGS, counted: { requireConsent: true }, codeVersion: "test", fetchSize: 97 });
    runId = outcome.runId!;
  });
  afterAll(async () => {
    await scenario?.close();
  });

  it("stores a finished run with its parameters, vote count, code version and duration", async () => {
    const run = await scenario.prisma.ratingRun.findUniqueOrThrow({ where: { id: runId } });
    const counted = expectedCounted(scenario.votes, true);
    expect(run.votesUsed).toBe(counted.length);
    expect(run.finishedAt).not.toBeNull();
    expect(run.codeVersion).toBe("test");
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    const params = run.params as Record<string, unknown>;
    expect(params).toMatchObject({ bootstrapRounds: 100, seed: 42, minVotes: SETTINGS.minVotes, countedVotes: { requireConsent: true } });
    expect(params.exclusions).toMatchObject({
      stored: scenario.votes.length,
      counted: counted.length,
      battleNotVoted: scenario.votes.filter((v) => v.kind === "failed").length,
      notCountedFlag: scenario.votes.filter((v) => v.kind === "not-counted").length,
      excludedVoter: scenario.votes.filter((v) => v.kind === "excluded").length,
      flaggedVoter: scenario.votes.filter((v) => v.kind === "flagged").length,
    });
  });

  it("matches the pure library exactly in every scope, plain and style-controlled, and leaves out what does not count", async () => {
    const counted = expectedCounted(scenario.votes, true);
    const index = new Map(modelIds.map((id, i) => [id, i]));
    const scopes = await scenario.prisma.ratingScope.findMany({ where: { runId } });
    expect(scopes.map((s) => s.scope).sort()).toEqual(Object.keys(SCOPES).sort());
    for (const [scope, filter] of Object.entries(SCOPES)) {
      const votes = counted.filter(filter);
      const counts = aggregate(votes.map((v) => ({ a: index.get(v.modelA)!, b: index.get(v.modelB)!, outcome: v.choice })), modelIds.length);
      const plain = computeLeaderboard(modelIds, counts, { rounds: 100, seed: 42, minVotes: 10 });
      const stored = await scenario.prisma.ratingRow.findMany({ where: { runId, scope, styleControl: false } });
      expectRowsEqual(stored, plain.rows);
      expect(scopes.find((s) => s.scope === scope)!.votes).toBe(plain.votes);

      // The skewed votes that must not count would put the weakest model first.
      expect(plain.rows[0].model).not.toBe(scenario.models[4].id);

      // Online Elo, in vote time order, over the votes among the rated models.
      const rated = new Set(plain.rows.map((r) => r.model));
      const eloVotes = votes.filter((v) => rated.has(v.modelA) && rated.has(v.modelB));
      const elo = onlineElo(
        {
          modelA: Int32Array.from(eloVotes, (v) => index.get(v.modelA)!),
          modelB: Int32Array.from(eloVotes, (v) => index.get(v.modelB)!),
          outcome: Uint8Array.from(eloVotes, (v) => OUTCOME_CODE[v.choice]),
        },
        modelIds.length,
        { k: 4 },
      );
      for (const row of stored) expect(row.onlineElo).toBeCloseTo(elo[index.get(row.modelId)!], 9);

      // Style control on the same votes in the same order; label features only where every citation is labelled.
      const features = scope === "category:Labelled" ? ["length", "citations", "supporting", "irrelevant"] : ["length", "citations"];
      const builder = new VoteColumnsBuilder(features);
      for (const v of votes) {
        const la = labelCounts(v.labelsA ?? "none", v.citationsA);
        const lb = labelCounts(v.labelsB ?? "none", v.citationsB);
        const all = [
          normalizedDifference(v.lengthA, v.lengthB),
          normalizedDifference(v.citationsA, v.citationsB),
          normalizedDifference(la.supporting, lb.supporting),
          normalizedDifference(la.irrelevant, lb.irrelevant),
        ];
        builder.push(index.get(v.modelA)!, index.get(v.modelB)!, OUTCOME_CODE[v.choice], all.slice(0, features.length));
      }
      const collected = builder.build();
      const style = computeStyleLeaderboard(modelIds, collected.columns, collected.features, { rounds: 8, seed: 42, minVotes: 10, l2Penalty: 0.25 });
      expectRowsEqual(await scenario.prisma.ratingRow.findMany({ where: { runId, scope, styleControl: true } }), style.rows);
      const coefficients = await scenario.prisma.styleCoefficient.findMany({ where: { runId, scope } });
      expect(coefficients.map((c) => c.feature).sort()).toEqual([...features].sort());
      for (const c of style.coefficients) {
        const got = coefficients.find((x) => x.feature === c.feature)!;
        expect(got.value).toBeCloseTo(c.value, 9);
        expect(got.q025).toBeCloseTo(c.q025, 9);
        expect(got.q975).toBeCloseTo(c.q975, 9);
      }
    }
  });

  it("leaves out models below the minimum, and reports them", async () => {
    const rare = scenario.models[5].id;
    expect(await scenario.prisma.ratingRow.count({ where: { runId, modelId: rare } })).toBe(0);
    const overall = await scenario.prisma.ratingScope.findUniqueOrThrow({ where: { runId_scope: { runId, scope: "overall" } } });
    const rareVotes = expectedCounted(scenario.votes, true).filter((v) => v.modelA === rare || v.modelB === rare).length;
    expect(rareVotes).toBeGreaterThan(0);
    expect((overall.details as { excluded: { modelId: string; battles: number }[] }).excluded).toContainEqual({ modelId: rare, battles: rareVotes });
    expect((overall.pairs as { models: string[] }).models).not.toContain(rare);
  });

  it("stores pair counts for the charts and the cost per 100 answers", async () => {
    const counted = expectedCounted(scenario.votes, true);
    const scope = await scenario.prisma.ratingScope.findUniqueOrThrow({ where: { runId_scope: { runId, scope: "overall" } } });
    const pairs = scope.pairs as { models: string[]; wins: number[][]; ties: number[][] };
    const [x, y] = [0, 1];
    const between = counted.filter((v) => (v.modelA === pairs.models[x] && v.modelB === pairs.models[y]) || (v.modelA === pairs.models[y] && v.modelB === pairs.models[x]));
    const winsX = between.filter((v) => (v.choice === "A" && v.modelA === pairs.models[x]) || (v.choice === "B" && v.modelB === pairs.models[x])).length;
    const ties = between.filter((v) => v.choice === "TIE" || v.choice === "BOTH_BAD").length;
    expect(pairs.wins[x][y]).toBe(winsX);
    expect(pairs.ties[x][y]).toBe(ties);

    const model = scenario.models[0];
    const costs: number[] = [];
    for (const v of counted) {
      if (v.modelA === model.id && v.tokensA != null) costs.push((1000 * model.costPer1kIn + v.tokensA * model.costPer1kOut) / 1000);
      if (v.modelB === model.id && v.tokensB != null) costs.push((1000 * model.costPer1kIn + v.tokensB * model.costPer1kOut) / 1000);
    }
    const row = await scenario.prisma.ratingRow.findFirstOrThrow({ where: { runId, scope: "overall", styleControl: false, modelId: model.id } });
    expect(row.costPer100Usd).toBeCloseTo((100 * costs.reduce((s, c) => s + c, 0)) / costs.length, 9);
  });

  it("counts votes without consent (but never excluded or flagged voters) when consent is not required", async () => {
    const outcome = await runRatingJob(scenario.pool, scenario.prisma, {
      settings: { ...SETTINGS, style: false, elo: false },
      counted: { requireConsent: false },
      codeVersion: "test",
      dryRun: true,
    });
    expect(outcome.runId).toBeNull();
    expect(outcome.votes).toBe(expectedCounted(scenario.votes, false).length);
    expect(outcome.votes).toBeGreaterThan(expectedCounted(scenario.votes, true).length);
  });

  it.each([true, false])("the SQL definition and the Prisma filter select the same votes (consent required: %s)", async (requireConsent) => {
    const { from, where } = countedVotesSql({ requireConsent });
    const { rows } = await scenario.pool.query<{ id: string }>(`SELECT v.id ${from} WHERE ${where} ORDER BY v.id`);
    const viaPrisma = await scenario.prisma.vote.findMany({ where: countedVoteWhere({ requireConsent }), select: { id: true }, orderBy: { id: "asc" } });
    const expected = expectedCounted(scenario.votes, requireConsent).map((v) => `v_${v.id}`).sort();
    expect(rows.map((r) => r.id)).toEqual(expected);
    expect(viaPrisma.map((r) => r.id)).toEqual(expected);
  });

  it.each([true, false])("the one-pass read (binary COPY on PostgreSQL, cursor on PGlite) equals the GROUP BY, the cost query and the old cursor (consent required: %s)", async (requireConsent) => {
    const counted = { requireConsent };
    const client = await scenario.pool.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const models = await readModels(client);
      const modelIndex = new Map(models.map((m, i) => [m.id, i]));
      const grouped = await readGroupedCounts(client, counted, modelIndex);
      const costs = await readModelCosts(client, counted);
      const old = await streamVotes(client, counted, modelIndex, { fetchSize: 50 });
      const transports = inject("databaseKind") === "pglite" ? (["cursor"] as const) : (["copy", "cursor"] as const);
      for (const transport of transports) {
        const loaded = await readVotes(client, counted, models, { fetchSize: 50, transport });
        expect(loaded.transport).toBe(transport);
        expect(loaded.grouped.votes).toBe(grouped.votes);
        expect(loaded.grouped.exclusions).toEqual(grouped.exclusions);
        expect(loaded.grouped.scopes.map((s) => s.scope)).toEqual(grouped.scopes.map((s) => s.scope));
        loaded.grouped.scopes.forEach((s, i) => expect(s.counts).toEqual(grouped.scopes[i].counts));
        expect(loaded.streamed).toEqual(old);
        expect([...loaded.costs.keys()].sort()).toEqual([...costs.keys()].sort());
        for (const [model, cost] of costs) {
          expect(loaded.costs.get(model)!.answers).toBe(cost.answers);
          expect(loaded.costs.get(model)!.meanCostUsd).toBeCloseTo(cost.meanCostUsd!, 12);
        }
      }
    } finally {
      await client.query("COMMIT");
      client.release();
    }
  });

  it("refuses to store a run when too few models reach the minimum", async () => {
    const before = await scenario.prisma.ratingRun.count();
    await expect(
      runRatingJob(scenario.pool, scenario.prisma, {
        settings: { ...SETTINGS, minVotes: { overall: 100_000, discipline: 10, category: 10 }, style: false },
        counted: { requireConsent: true },
        codeVersion: "test",
      }),
    ).rejects.toThrow(NotEnoughVotesError);
    expect(await scenario.prisma.ratingRun.count()).toBe(before);
  });
});

describe("npm run ratings (scripts/ratings.ts)", () => {
  let scenario: RatingScenario;
  beforeAll(async () => {
    scenario = await createRatingScenario({ goodVotes: 120 });
  });
  afterAll(async () => {
    await scenario?.close();
  });

  // Asynchronous: the embedded test database is served by this very process.
  const cli = (args: string[], databaseUrl: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("npx", ["tsx", "scripts/ratings.ts", ...args], {
        env: { ...process.env, DATABASE_URL: databaseUrl, RATINGS_MIN_VOTES: "5", RATINGS_MIN_VOTES_DISCIPLINE: "5", RATINGS_MIN_VOTES_CATEGORY: "5" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  it("stores a run and exits 0", async () => {
    const result = await cli(["--bootstrap", "50", "--style-rounds", "4", "--quiet"], scenario.url);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const runId = result.stdout.trim();
    const run = await scenario.prisma.ratingRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.votesUsed).toBe(expectedCounted(scenario.votes, true).length);
    expect(await scenario.prisma.ratingRow.count({ where: { runId, scope: "overall", styleControl: true } })).toBeGreaterThanOrEqual(2);
  });

  it("prints the summary table", async () => {
    const result = await cli(["--bootstrap", "20", "--no-style", "--dry-run"], scenario.url);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Bradley-Terry ratings, overall/);
    expect(result.stdout).toMatch(/rjt-model-00/);
    expect(result.stdout).toMatch(/dry run: nothing stored/);
  });

  it("exits 2 on invalid arguments, 3 without enough votes, 4 when the database is down", async () => {
    expect((await cli(["--bootstrap", "1"], scenario.url)).status).toBe(2);
    expect((await cli(["--style-features", "length,colour"], scenario.url)).status).toBe(2);
    expect((await cli(["--input", "/nonexistent/battles.jsonl", "--output", "/tmp/never.json"], scenario.url)).status).toBe(2);
    const empty = await createScratchDatabase();
    try {
      await migrate(empty.url);
      const result = await cli(["--quiet"], empty.url);
      expect(result.stderr).toMatch(/no counted votes/);
      expect(result.status).toBe(3);
    } finally {
      await empty.drop();
    }
    expect((await cli(["--quiet"], "postgresql://postgres@127.0.0.1:1/none")).status).toBe(4);
  });
});
