import { getDb } from "@/lib/db";
import { compareScopes, parseScope } from "@/lib/rating-job/scope";
import type { LeaderboardEntry, PairMatrices, RatingHistory, RunSummary, ScopeSummary, ScopeView } from "./types";
import { slugify } from "./view-path";

// Reads of stored rating runs for the leaderboard page and API. Nothing here fits anything: it reads the
// newest finished RatingRun and its rows. A finished run never changes, so everything read for a run id is
// cached in memory (bounded); only "which run is the newest" is looked up again, at most once a second.

const LATEST_TTL_MS = 1000;
const MAX_CACHED = 256;

class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): V {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
    return value;
  }
  delete(key: string) {
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
}

interface LatestState {
  at: number;
  value: Promise<RunSummary | null>;
}

const holder = globalThis as unknown as {
  __leaderboardLatest?: LatestState;
  __leaderboardRuns?: BoundedCache<Promise<RunSummary>>;
  __leaderboardViews?: BoundedCache<Promise<ScopeView>>;
  __leaderboardHistory?: BoundedCache<Promise<RatingHistory>>;
};
const runs = (holder.__leaderboardRuns ??= new BoundedCache(MAX_CACHED));
const views = (holder.__leaderboardViews ??= new BoundedCache(MAX_CACHED));
const histories = (holder.__leaderboardHistory ??= new BoundedCache(MAX_CACHED));

/** Drops every cached read (tests). */
export function clearLeaderboardCache(): void {
  holder.__leaderboardLatest = undefined;
  runs.clear();
  views.clear();
  histories.clear();
}

function cached<V>(cache: BoundedCache<Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const promise = load();
  cache.set(key, promise);
  // A failed read (database down) is not cached.
  promise.catch(() => {
    if (cache.get(key) === promise) cache.delete(key);
  });
  return promise;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

async function loadRun(id: string): Promise<RunSummary> {
  const db = getDb();
  const [run, scopes, styled] = await Promise.all([
    db.ratingRun.findUniqueOrThrow({ where: { id }, select: { id: true, finishedAt: true, votesUsed: true, codeVersion: true, params: true } }),
    db.ratingScope.findMany({ where: { runId: id }, select: { scope: true, votes: true, models: true } }),
    db.ratingRow.findMany({ where: { runId: id, styleControl: true }, select: { scope: true }, distinct: ["scope"] }),
  ]);
  const withStyle = new Set(styled.map((r) => r.scope));
  const summaries: ScopeSummary[] = [];
  for (const s of scopes) {
    const parsed = parseScope(s.scope);
    if (parsed === null) continue;
    summaries.push({ key: parsed.key, kind: parsed.kind, name: parsed.name, slug: parsed.kind === "overall" ? "" : slugify(parsed.name), votes: s.votes, models: s.models, hasStyleControl: withStyle.has(s.scope) });
  }
  summaries.sort((a, b) => compareScopes(a, b));
  const params = (run.params ?? {}) as Record<string, unknown>;
  const style = (params.styleControl ?? null) as Record<string, unknown> | null;
  return {
    id: run.id,
    finishedAt: run.finishedAt!.toISOString(),
    votesUsed: run.votesUsed,
    codeVersion: run.codeVersion,
    bootstrapRounds: numberOrNull(params.bootstrapRounds),
    styleRounds: numberOrNull(style?.rounds),
    styleIntervals: typeof style?.intervals === "string" ? style.intervals : null,
    minVotes: (params.minVotes as RunSummary["minVotes"]) ?? null,
    scopes: summaries,
  };
}

/** The newest finished run, or null before the first one. */
export function getLatestRun(): Promise<RunSummary | null> {
  const now = Date.now();
  const state = holder.__leaderboardLatest;
  if (state !== undefined && now - state.at < LATEST_TTL_MS) return state.value;
  const value = (async () => {
    const latest = await getDb().ratingRun.findFirst({
      where: { finishedAt: { not: null } },
      orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    return latest === null ? null : cached(runs, latest.id, () => loadRun(latest.id));
  })();
  holder.__leaderboardLatest = { at: now, value };
  value.catch(() => {
    if (holder.__leaderboardLatest?.value === value) holder.__leaderboardLatest = undefined;
  });
  return value;
}

async function loadView(run: RunSummary, scope: ScopeSummary, styleControl: boolean): Promise<ScopeView> {
  const db = getDb();
  const [rows, coefficients, stored] = await Promise.all([
    db.ratingRow.findMany({
      where: { runId: run.id, scope: scope.key, styleControl },
      include: { model: { select: { slug: true, displayName: true, organization: true, license: true } } },
    }),
    styleControl
      ? db.styleCoefficient.findMany({ where: { runId: run.id, scope: scope.key }, select: { feature: true, value: true, q025: true, q975: true } })
      : Promise.resolve([]),
    db.ratingScope.findUnique({ where: { runId_scope: { runId: run.id, scope: scope.key } }, select: { pairs: true } }),
  ]);
  const entries: LeaderboardEntry[] = rows
    .map((row) => ({
      modelId: row.model.slug,
      name: row.model.displayName,
      organization: row.model.organization,
      license: row.model.license === "OPEN" ? ("open" as const) : ("proprietary" as const),
      rating: row.rating,
      q025: row.q025,
      q975: row.q975,
      variance: row.variance,
      rank: row.rank,
      battles: row.battles,
      wins: row.wins,
      losses: row.losses,
      ties: row.ties,
      winRate: row.battles > 0 ? (row.wins + row.ties / 2) / row.battles : 0,
      costPer100Usd: row.costPer100Usd,
      onlineElo: row.onlineElo,
      flags: row.flags ?? [],
    }))
    .sort((a, b) => b.rating - a.rating || a.modelId.localeCompare(b.modelId));
  const order = ["length", "citations", "supporting", "irrelevant"];
  coefficients.sort((a, b) => order.indexOf(a.feature) - order.indexOf(b.feature));

  const raw = (stored?.pairs ?? { models: [], wins: [], ties: [] }) as { models: string[]; wins: number[][]; ties: number[][] };
  const byId = new Map(rows.map((row) => [row.modelId, row.model]));
  const ratingOf = new Map(rows.map((row) => [row.modelId, row.rating]));
  // Pair counts are stored in the plain fit's order; show them in this view's rating order.
  const positions = raw.models.map((_, i) => i).filter((i) => byId.has(raw.models[i]));
  positions.sort((x, y) => (ratingOf.get(raw.models[y]) ?? 0) - (ratingOf.get(raw.models[x]) ?? 0));
  const pairs: PairMatrices = {
    models: positions.map((i) => byId.get(raw.models[i])!.slug),
    names: positions.map((i) => byId.get(raw.models[i])!.displayName),
    wins: positions.map((i) => positions.map((j) => raw.wins[i]?.[j] ?? 0)),
    ties: positions.map((i) => positions.map((j) => raw.ties[i]?.[j] ?? 0)),
  };
  return { run, scope, styleControl, entries, coefficients, pairs };
}

/** One scope of a run, plain or style-controlled (cached per run). */
export function getScopeView(run: RunSummary, scope: ScopeSummary, styleControl: boolean): Promise<ScopeView> {
  return cached(views, `${run.id}\u0000${scope.key}\u0000${styleControl}`, () => loadView(run, scope, styleControl));
}

const HISTORY_RUNS = 30;

async function loadHistory(scopeKey: string, styleControl: boolean, modelSlugs: readonly string[]): Promise<RatingHistory> {
  const db = getDb();
  const recent = await db.ratingRun.findMany({
    where: { finishedAt: { not: null } },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    take: HISTORY_RUNS,
    select: { id: true, finishedAt: true },
  });
  recent.reverse();
  const rows = await db.ratingRow.findMany({
    where: { runId: { in: recent.map((r) => r.id) }, scope: scopeKey, styleControl, model: { slug: { in: [...modelSlugs] } } },
    select: { runId: true, rating: true, q025: true, q975: true, model: { select: { slug: true, displayName: true } } },
  });
  const finished = new Map(recent.map((r) => [r.id, r.finishedAt!.toISOString()]));
  const order = new Map(recent.map((r, i) => [r.id, i]));
  const series = modelSlugs.map((slug) => {
    const own = rows.filter((r) => r.model.slug === slug).sort((a, b) => order.get(a.runId)! - order.get(b.runId)!);
    return {
      modelId: slug,
      name: own[0]?.model.displayName ?? slug,
      points: own.map((r) => ({ runId: r.runId, finishedAt: finished.get(r.runId)!, rating: r.rating, q025: r.q025, q975: r.q975 })),
    };
  });
  return { runs: recent.map((r) => ({ id: r.id, finishedAt: r.finishedAt!.toISOString() })), series };
}

/** Ratings of the given models in the last 30 runs (cached per newest run). */
export function getRatingHistory(latestRunId: string, scopeKey: string, styleControl: boolean, modelSlugs: readonly string[]): Promise<RatingHistory> {
  return cached(histories, `${latestRunId}\u0000${scopeKey}\u0000${styleControl}\u0000${modelSlugs.join(",")}`, () => loadHistory(scopeKey, styleControl, modelSlugs));
}
