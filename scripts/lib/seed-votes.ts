import type pg from "pg";
import { generateSyntheticBattles, type Outcome } from "@/lib/ratings";
import { DISCIPLINES, QUESTION_CATEGORIES } from "@/lib/questions/disciplines";

// Bulk-inserts complete voted battles (question, retrieval run, battle, both responses, vote) for tests,
// benchmarks and demos, with one statement per batch (data-modifying CTEs over unnest arrays); answer texts
// and citation lists are generated in SQL from their lengths and counts. Not used by the app.

export const CHOICES: readonly Outcome[] = ["A", "B", "TIE", "BOTH_BAD"];
// The first four question categories (enough for every category scope to get votes).
export const DEMO_CATEGORIES = QUESTION_CATEGORIES.slice(0, 4);

/** How a response's citations carry attribution labels. */
export type LabelMode = "none" | "all" | "first";

export interface VoteSpec {
  id: string;
  modelA: string;
  modelB: string;
  choice: Outcome;
  voterId: string;
  discipline: string | null;
  category: string | null;
  /** Characters of each answer. */
  lengthA: number;
  lengthB: number;
  citationsA: number;
  citationsB: number;
  labelsA?: LabelMode;
  labelsB?: LabelMode;
  createdAt: Date;
  battleStatus?: "VOTED" | "FAILED";
  counted?: boolean;
  /** Tokens of each answer (cost = tokens at the model's prices), when known. */
  tokensA?: number | null;
  tokensB?: number | null;
}

/** Citation n (1-based) of an answer with `mode` labels: every third is "irrelevant", the rest "supporting". */
export function citationLabel(mode: LabelMode, n: number): "supporting" | "irrelevant" | null {
  if (mode === "none" || (mode === "first" && n !== 1)) return null;
  return n % 3 === 0 ? "irrelevant" : "supporting";
}

export function labelCounts(mode: LabelMode, citations: number): { supporting: number; irrelevant: number; labeled: number } {
  let supporting = 0;
  let irrelevant = 0;
  for (let n = 1; n <= citations; n++) {
    const label = citationLabel(mode, n);
    if (label === "supporting") supporting += 1;
    if (label === "irrelevant") irrelevant += 1;
  }
  return { supporting, irrelevant, labeled: supporting + irrelevant };
}

/** The citations JSON of an answer with `count` citations and `mode` labels (memoised: few distinct values). */
const citationsCache = new Map<string, string>();
export function citationsJson(count: number, mode: LabelMode): string {
  const key = `${count}:${mode}`;
  let json = citationsCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(
      Array.from({ length: count }, (_, i) => {
        const n = i + 1;
        const label = citationLabel(mode, n);
        return { n, paperId: n, externalId: `synthetic:${n}`, title: `Synthetic paper ${n}`, ...(label === null ? {} : { label }) };
      }),
    );
    citationsCache.set(key, json);
  }
  return json;
}

const INSERT_BATCH = `WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
      $9::timestamptz[], $10::jsonb[], $11::boolean[], $12::int[], $13::int[], $14::jsonb[],
      $15::int[], $16::int[])
      AS t(id, model_a, model_b, choice, voter, discipline, category, status, created, cit_a, counted,
           len_a, len_b, cit_b, tok_a, tok_b)
  ), questions AS (
    INSERT INTO "Question" (id, "userId", text, discipline, category, "createdAt")
    SELECT 'q_' || id, voter, 'Synthetic question ' || id, discipline, category, created FROM input
  ), runs AS (
    INSERT INTO "RetrievalRun" (id, "questionId", backend, query, "createdAt")
    SELECT 'rr_' || id, 'q_' || id, 'synthetic', 'synthetic', created FROM input
  ), battles AS (
    INSERT INTO "Battle" (id, "questionId", "retrievalRunId", "modelAId", "modelBId", status, "createdById", "createdAt", "updatedAt", "readyAt")
    SELECT 'b_' || id, 'q_' || id, 'rr_' || id, model_a, model_b, status::"BattleStatus", voter, created, created, created FROM input
  ), responses AS (
    INSERT INTO "Response" (id, "battleId", side, "modelId", status, "rawText", text, citations, "outputTokens", "inputTokens", "updatedAt", "finishedAt")
    SELECT 'ra_' || id, 'b_' || id, 'A'::"Side", model_a, 'DONE'::"ResponseStatus", '', repeat('x', len_a), cit_a, tok_a, CASE WHEN tok_a IS NULL THEN NULL ELSE 1000 END, created, created FROM input
    UNION ALL
    SELECT 'rb_' || id, 'b_' || id, 'B'::"Side", model_b, 'DONE'::"ResponseStatus", '', repeat('x', len_b), cit_b, tok_b, CASE WHEN tok_b IS NULL THEN NULL ELSE 1000 END, created, created FROM input
  )
  INSERT INTO "Vote" (id, "battleId", "userId", choice, counted, "createdAt")
  SELECT 'v_' || id, 'b_' || id, voter, choice::"VoteChoice", counted, created FROM input`;

/** Inserts the votes (and everything they hang on) in one statement; models and voters must exist. */
export async function insertVotes(client: pg.ClientBase, votes: readonly VoteSpec[]): Promise<void> {
  if (votes.length === 0) return;
  const column = <T>(pick: (v: VoteSpec) => T) => votes.map(pick);
  await client.query(INSERT_BATCH, [
    column((v) => v.id),
    column((v) => v.modelA),
    column((v) => v.modelB),
    column((v) => v.choice),
    column((v) => v.voterId),
    column((v) => v.discipline),
    column((v) => v.category),
    column((v) => v.battleStatus ?? "VOTED"),
    column((v) => v.createdAt.toISOString()),
    column((v) => citationsJson(v.citationsA, v.labelsA ?? "none")),
    column((v) => v.counted ?? true),
    column((v) => v.lengthA),
    column((v) => v.lengthB),
    column((v) => citationsJson(v.citationsB, v.labelsB ?? "none")),
    column((v) => v.tokensA ?? null),
    column((v) => v.tokensB ?? null),
  ]);
}

export interface SyntheticModel {
  id: string;
  slug: string;
  displayName: string;
  organization: string;
  license: "OPEN" | "PROPRIETARY";
  costPer1kIn: number;
  costPer1kOut: number;
}

const ORGANIZATIONS = ["Allen Institute", "Anthropic", "DeepSeek", "Google", "Meta", "Mistral AI", "OpenAI", "Qwen"];

/** Creates (or updates) `count` models `<prefix>-model-NN`. */
export async function ensureModels(client: pg.ClientBase, prefix: string, count: number): Promise<SyntheticModel[]> {
  const models: SyntheticModel[] = Array.from({ length: count }, (_, i) => {
    const nn = String(i).padStart(2, "0");
    const open = i % 3 === 0;
    return {
      id: `${prefix}_model_${nn}`,
      slug: `${prefix}-model-${nn}`,
      displayName: `${prefix[0].toUpperCase()}${prefix.slice(1)} Model ${nn}`,
      organization: ORGANIZATIONS[i % ORGANIZATIONS.length],
      license: open ? "OPEN" : "PROPRIETARY",
      costPer1kIn: open ? 0.0002 : 0.002 + 0.0005 * (i % 5),
      costPer1kOut: open ? 0.0006 : 0.008 + 0.002 * (i % 5),
    };
  });
  await client.query(
    `INSERT INTO "Model" (id, slug, "displayName", organization, license, provider, "providerModel", active, "costPer1kIn", "costPer1kOut", "updatedAt")
     SELECT id, slug, name, org, lic::"ModelLicense", 'synthetic', slug, false, cin, cout, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[]) AS t(id, slug, name, org, lic, cin, cout)
     ON CONFLICT (slug) DO UPDATE SET "displayName" = excluded."displayName", organization = excluded.organization, license = excluded.license,
       "costPer1kIn" = excluded."costPer1kIn", "costPer1kOut" = excluded."costPer1kOut", "updatedAt" = now()`,
    [
      models.map((m) => m.id),
      models.map((m) => m.slug),
      models.map((m) => m.displayName),
      models.map((m) => m.organization),
      models.map((m) => m.license),
      models.map((m) => m.costPer1kIn),
      models.map((m) => m.costPer1kOut),
    ],
  );
  const { rows } = await client.query<{ id: string; slug: string }>(`SELECT id, slug FROM "Model" WHERE slug = ANY($1::text[])`, [models.map((m) => m.slug)]);
  const idBySlug = new Map(rows.map((r) => [r.slug, r.id]));
  return models.map((m) => ({ ...m, id: idBySlug.get(m.slug)! }));
}

export interface VoterSpec {
  id: string;
  consent?: boolean;
  excluded?: boolean;
  /** An AnnotatorFlag: "active" (not reinstated) or "reinstated". */
  flag?: "active" | "reinstated";
  /** Create no ResearcherProfile at all. */
  noProfile?: boolean;
}

/** Users with researcher profiles (consent to the dataset unless said otherwise). */
export async function ensureVoters(client: pg.ClientBase, voters: readonly VoterSpec[]): Promise<void> {
  if (voters.length === 0) return;
  await client.query(
    `INSERT INTO "User" (id, name, email, "updatedAt")
     SELECT id, 'Synthetic voter ' || id, id || '@example.invalid', now() FROM unnest($1::text[]) AS t(id)
     ON CONFLICT (id) DO NOTHING`,
    [voters.map((v) => v.id)],
  );
  const profiles = voters.filter((v) => !v.noProfile);
  await client.query(
    `INSERT INTO "ResearcherProfile" ("userId", "termsConsentAt", "datasetConsentAt", "excludedAt", "updatedAt")
     SELECT id, now(), CASE WHEN consent THEN now() END, CASE WHEN excluded THEN now() END, now()
     FROM unnest($1::text[], $2::boolean[], $3::boolean[]) AS t(id, consent, excluded)
     ON CONFLICT ("userId") DO UPDATE SET "datasetConsentAt" = excluded."datasetConsentAt", "excludedAt" = excluded."excludedAt"`,
    [profiles.map((v) => v.id), profiles.map((v) => v.consent ?? true), profiles.map((v) => v.excluded ?? false)],
  );
  const flagged = voters.filter((v) => v.flag !== undefined);
  if (flagged.length > 0) {
    await client.query(
      `INSERT INTO "AnnotatorFlag" (id, "userId", test, "pValue", "reinstatedAt")
       SELECT 'flag_' || id, id, 'synthetic', 0.0001, CASE WHEN state = 'reinstated' THEN now() END
       FROM unnest($1::text[], $2::text[]) AS t(id, state) ON CONFLICT (id) DO NOTHING`,
      [flagged.map((v) => v.id), flagged.map((v) => v.flag!)],
    );
  }
}

export interface SyntheticArenaOptions {
  /** Prefix of every id, slug and email (default "synthetic"), so the data can be told apart and removed. */
  prefix?: string;
  models: number;
  votes: number;
  seed: number;
  voters?: number;
  disciplines?: readonly string[];
  categories?: readonly string[];
  /** Share of votes whose citations carry attribution labels (all labelled when 1). */
  labelled?: boolean;
  batchSize?: number;
  /** Time of the first vote; one vote per second after it. */
  start?: Date;
  /** Vote ids start after this offset (to add more votes later). */
  offset?: number;
  onProgress?: (inserted: number, total: number) => void;
  /**
   * Skip foreign-key triggers while loading (`session_replication_role = replica`; PostgreSQL superuser only).
   * For benchmark loads of generated, consistent data.
   */
  skipForeignKeyChecks?: boolean;
}

/**
 * `votes` synthetic votes among `models` models drawn like gen_battles.py (same seed, same log), spread
 * over the disciplines and categories. Lengths are gen_battles' answer lengths, in characters.
 */
export async function seedSyntheticArena(pool: pg.Pool, options: SyntheticArenaOptions): Promise<{ models: SyntheticModel[]; votes: number }> {
  const prefix = options.prefix ?? "synthetic";
  const client = await pool.connect();
  try {
    const models = await ensureModels(client, prefix, options.models);
    const voterCount = options.voters ?? 50;
    const voters = Array.from({ length: voterCount }, (_, i) => ({ id: `${prefix}_voter_${i}` }));
    await ensureVoters(client, voters);
    const battles = generateSyntheticBattles({ models: options.models, battles: options.votes, seed: options.seed });
    const disciplines = options.disciplines ?? DISCIPLINES;
    const categories = options.categories ?? DEMO_CATEGORIES;
    const start = (options.start ?? new Date("2026-01-01T00:00:00Z")).getTime();
    const offset = options.offset ?? 0;
    const batchSize = options.batchSize ?? 10_000;
    if (options.skipForeignKeyChecks) await client.query(`SET session_replication_role = replica`);
    for (let from = 0; from < options.votes; from += batchSize) {
      const batch: VoteSpec[] = [];
      for (let i = from; i < Math.min(options.votes, from + batchSize); i++) {
        const n = i + offset;
        batch.push({
          id: `${prefix}_${n}`,
          modelA: models[battles.modelA[i]].id,
          modelB: models[battles.modelB[i]].id,
          choice: CHOICES[battles.outcome[i]],
          voterId: voters[n % voterCount].id,
          // Some questions carry no discipline or category (they count in the overall scope only).
          discipline: n % 17 === 16 ? null : disciplines[n % disciplines.length],
          category: n % 13 === 12 ? null : categories[(n >> 2) % categories.length],
          lengthA: battles.lengthA[i],
          lengthB: battles.lengthB[i],
          citationsA: battles.citationsA[i],
          citationsB: battles.citationsB[i],
          labelsA: options.labelled ? "all" : "none",
          labelsB: options.labelled ? "all" : "none",
          tokensA: Math.round(battles.lengthA[i] / 4),
          tokensB: Math.round(battles.lengthB[i] / 4),
          createdAt: new Date(start + n * 1000),
        });
      }
      await insertVotes(client, batch);
      options.onProgress?.(Math.min(options.votes, from + batchSize), options.votes);
    }
    if (options.skipForeignKeyChecks) await client.query(`RESET session_replication_role`);
    return { models, votes: options.votes };
  } finally {
    client.release();
  }
}

/** Removes everything seedSyntheticArena / ensureModels / ensureVoters created with this prefix. */
export async function clearSyntheticArena(pool: pg.Pool, prefix = "synthetic"): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "RatingRun" WHERE id IN (SELECT DISTINCT "runId" FROM "RatingRow" WHERE "modelId" LIKE $1)`, [`${prefix}\\_model\\_%`]);
    await client.query(`DELETE FROM "User" WHERE id LIKE $1`, [`${prefix}\\_voter\\_%`]); // cascades to questions, battles, votes
    await client.query(`DELETE FROM "Response" WHERE "modelId" LIKE $1`, [`${prefix}\\_model\\_%`]);
    await client.query(`DELETE FROM "Battle" WHERE "modelAId" LIKE $1 OR "modelBId" LIKE $1`, [`${prefix}\\_model\\_%`]);
    await client.query(`DELETE FROM "Model" WHERE slug LIKE $1`, [`${prefix}-model-%`]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
