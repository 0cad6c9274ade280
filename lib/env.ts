import { z } from "zod";

// The only reader of process.env. Everything configurable is declared, typed and defaulted here.

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["true", "1", "yes"].includes(v)));

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

function schemaFor(nodeEnv: string | undefined) {
  const production = nodeEnv === "production";
  return z.object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // Unset: the launcher serves an embedded PGlite database on EMBEDDED_DB_PORT.
    DATABASE_URL: z.string().url().optional(),
    DB_POOL_SIZE: int(10, 1),
    DATA_DIR: z.string().default(".data"),
    EMBEDDED_DB_PORT: int(55432, 1),
    PORT: int(3000, 1),
    // Web server processes of `npm start` sharing PORT (node:cluster), with a PostgreSQL server only.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    // The production server's shared response cache (docs/decisions/062-response-cache.md): megabytes per
    // web process (0 turns it off), and the longest a response is served from it before the app is asked again.
    RESPONSE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
    RESPONSE_CACHE_MAX_AGE_SECONDS: int(5),
    // The production server answers POST /api/battles/:id/vote itself, without Next's router
    // (docs/decisions/063-fast-vote-path.md); false sends votes through Next's route file like every other route.
    FAST_VOTE_PATH: bool(true),
    // Marks the fast path's answers with `X-Fast-Path: 1`, for the tests that compare it with the route file.
    FAST_VOTE_MARKER: bool(false),

    AUTH_SECRET: z.string().min(16).optional(),
    AUTH_URL: z.string().url().optional(),
    // The name + email development sign-in. On outside production unless switched off; off in
    // production unless switched on explicitly.
    AUTH_DEV_LOGIN: bool(!production),
    // Comma-separated emails that are always admins (more are granted in the admin area).
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((v) => (v ?? "").split(",").map((e) => e.trim().toLowerCase()).filter((e) => e.length > 0)),
    // Sign-in providers, each on when its id and secret are set. The URLs point elsewhere only for GitHub
    // Enterprise, a regional ORCID sandbox, or a local mock server in tests.
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
    // GitHub's base URL (Enterprise: the API is <url>/api/v3).
    AUTH_GITHUB_URL: z.string().url().optional(),
    AUTH_GOOGLE_ID: z.string().optional(),
    AUTH_GOOGLE_SECRET: z.string().optional(),
    // OpenID Connect issuer of Google sign-in.
    AUTH_GOOGLE_ISSUER: z.string().url().default("https://accounts.google.com"),
    AUTH_ORCID_ID: z.string().optional(),
    AUTH_ORCID_SECRET: z.string().optional(),
    // OpenID Connect issuer of ORCID (sandbox: https://sandbox.orcid.org).
    AUTH_ORCID_ISSUER: z.string().url().default("https://orcid.org"),
    // Email magic links: an SMTP URL (smtp://user:pass@host:587, smtps://...) and the sender address.
    EMAIL_SERVER: z.string().url().optional(),
    EMAIL_FROM: z.string().default("Open SciArena <no-reply@localhost>"),
    // New votes one researcher may cast per UTC day (quality control: no vote farming).
    DAILY_VOTE_CAP: int(200, 1),
    // Probability that a researcher's next battle is an earlier battle shown again (self-consistency, agreement).
    REANNOTATION_RATE: z.coerce.number().min(0).max(1).default(0.05),
    // A researcher sees their own earlier battle again only after this many days.
    REANNOTATION_MIN_DAYS: int(14, 1),
    // Anomalous-voter test: after how many tested votes Fisher's method is checked (comma-separated).
    ANOMALY_CHECKPOINTS: z
      .string()
      .default("10,20,50,100")
      .transform((v) => v.split(",").map((x) => Number(x.trim())))
      .pipe(z.array(z.number().int().min(1)).min(1)),
    // Family-wise false-flag rate of that test, and the fewest other votes on a pair for a vote to be tested.
    ANOMALY_ALPHA: z.coerce.number().gt(0).lt(1).default(0.05),
    ANOMALY_MIN_OTHERS: int(5, 1),

    // Comma-separated JSONL files or folders ingested on first start when the corpus is empty.
    SEED_CORPUS: z.string().optional(),
    // The shared real-data folder (corpus/papers, corpus/questions) used by tests, benchmarks and the
    // default seed; found next to the checkout when unset.
    SHARED_DATA_DIR: z.string().optional(),
    RETRIEVAL_TOP_N: int(30, 1),
    RETRIEVAL_MAX_PASSAGES: int(60, 1),
    // Where battles search: the local corpus, OpenAlex, Semantic Scholar, or auto (local when the corpus has papers, else OpenAlex).
    RETRIEVER: z.enum(["local", "openalex", "semanticscholar", "auto"]).default("auto"),
    // A remote backend that fails (timeout, 429, 5xx, bad JSON) falls back to the local corpus when it has papers.
    RETRIEVER_FALLBACK_LOCAL: bool(true),
    // Model slug (from the models file) that rewrites questions into search + keyword queries and filters; unset: rules.
    QUERY_REWRITE_MODEL: z.string().optional(),
    // Milliseconds the rewrite model may take before the rules are used instead.
    QUERY_REWRITE_TIMEOUT_MS: int(8_000, 100),
    // OpenAlex API base URL and the contact email that puts requests in OpenAlex's polite pool.
    OPENALEX_BASE_URL: z.string().url().default("https://api.openalex.org"),
    OPENALEX_EMAIL: z.string().email().optional(),
    // Semantic Scholar Graph API base URL and key (the key also enables snippet search).
    S2_BASE_URL: z.string().url().default("https://api.semanticscholar.org"),
    S2_API_KEY: z.string().optional(),
    // Per-request timeout and retries (429/5xx, with backoff honouring Retry-After) of remote search backends.
    REMOTE_SEARCH_TIMEOUT_MS: int(10_000, 100),
    REMOTE_SEARCH_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    // Longest Retry-After (seconds) a remote backend may ask for before the request fails instead of waiting.
    REMOTE_SEARCH_MAX_RETRY_AFTER_S: int(10, 0),
    // Cross-encoder rerank endpoint (TEI/Jina/Cohere /rerank shape); unset: lexical reranking only.
    RERANK_URL: z.string().url().optional(),
    RERANK_MODEL: z.string().optional(),
    RERANK_API_KEY: z.string().optional(),
    RERANK_TIMEOUT_MS: int(5_000, 100),

    // The models file (JSON or YAML). Unset: models.json, models.yaml or models.yml in the working
    // directory if one exists, else the built-in offline demo models.
    MODELS_FILE: z.string().optional(),
    // Provider keys (never logged). Per-model keys for OpenAI-compatible endpoints are read through
    // readSecret() under the name the models file gives in `apiKeyEnv`.
    OPENAI_API_KEY: z.string().optional(),
    ANTHROPIC_API_KEY: z.string().optional(),
    GOOGLE_GENERATIVE_AI_API_KEY: z.string().optional(),
    // Provider base URLs (proxies, gateways, test servers). A model's own baseURL wins.
    OPENAI_BASE_URL: z.string().url().optional(),
    ANTHROPIC_BASE_URL: z.string().url().optional(),
    GOOGLE_GENERATIVE_AI_BASE_URL: z.string().url().optional(),

    // Milliseconds between tokens of the built-in demo models (0 in fast tests).
    DEMO_MODEL_TOKEN_DELAY_MS: int(18),
    // Milliseconds before a demo model's first token (real models take a moment to start).
    DEMO_MODEL_FIRST_TOKEN_DELAY_MS: int(300),
    // No first token (text or reasoning) this long after the request: the attempt fails (and may be retried).
    ANSWER_FIRST_TOKEN_TIMEOUT_MS: int(60_000, 100),
    // A side with no new token for this long fails the battle.
    ANSWER_STALL_TIMEOUT_MS: int(60_000, 100),
    ANSWER_TOTAL_TIMEOUT_MS: int(180_000, 100),
    // Exactly one app process serves this database (the embedded default): answers still "streaming"
    // from before this process started were interrupted by a restart and are failed at once.
    SINGLE_INSTANCE: bool(false),
    // Retries of a provider call that failed before its first token (429, 5xx, network errors).
    ANSWER_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    // Concurrent requests per provider endpoint in this process (a model's maxConcurrency wins).
    PROVIDER_MAX_CONCURRENCY: int(8, 1),

    // How the two models of a battle are drawn: uniform, or balanced (favours pairs with fewer battles).
    PAIRING_MODE: z.enum(["uniform", "balanced"]).default("uniform"),

    // Question moderation: the offline word-list filter, OpenAI's moderation endpoint, or none.
    MODERATION_PROVIDER: z.enum(["offline", "openai", "none"]).default("offline"),
    MODERATION_BASE_URL: z.string().url().optional(),
    MODERATION_MODEL: z.string().default("omni-moderation-latest"),
    MODERATION_TIMEOUT_MS: int(5_000, 100),
    // Extra blocked terms or /regexes/, one per line, for the offline filter.
    MODERATION_BLOCKLIST_FILE: z.string().optional(),

    // Model slugs (from the models file) for LLM question classification and citation attribution;
    // unset: the offline keyword classifier and the lexical-overlap heuristic.
    CLASSIFIER_MODEL: z.string().optional(),
    ATTRIBUTION_MODEL: z.string().optional(),
    // Share of a claim's content words that must occur in the cited paper for "supporting" (heuristic).
    ATTRIBUTION_MIN_OVERLAP: z.coerce.number().min(0).max(1).default(0.5),

    RATE_LIMIT_BATTLES_PER_HOUR: int(60, 1),
    RATE_LIMIT_VOTES_PER_MINUTE: int(30, 1),
    // Per client address (several researchers may share one, e.g. a campus network).
    RATE_LIMIT_BATTLES_PER_HOUR_PER_IP: int(600, 1),
    RATE_LIMIT_VOTES_PER_MINUTE_PER_IP: int(300, 1),
    // How many reverse proxies in front of the app append to X-Forwarded-For (the client address is the
    // entry that many places from the right).
    TRUSTED_PROXY_HOPS: int(1, 1),

    // Dataset export (npm run export, /dataset). Secret salt of the annotator pseudonyms, at least 16
    // characters and stable across releases; required in production, generated into DATA_DIR/dataset-salt
    // otherwise.
    DATASET_SALT: z.string().min(16, "must be at least 16 characters").optional(),
    // Seed of the balanced Eval-split sample, and votes for A and for B taken per discipline.
    DATASET_SEED: int(0),
    DATASET_VOTES_PER_SIDE: int(250),
    // Publish only votes of researchers who consented to the dataset release (ResearcherProfile.datasetConsentAt).
    DATASET_REQUIRE_CONSENT: bool(true),
    // Where the site keeps its published export snapshots (default DATA_DIR/exports).
    DATASET_DIR: z.string().optional(),
    // The site re-exports in the background when the counted votes changed; checked at most this often.
    DATASET_AUTO_REFRESH: bool(true),
    DATASET_REFRESH_SECONDS: int(600),

    // Ratings job (npm run ratings): which votes count and how many a model needs to be rated in a scope.
    // Consent = ResearcherProfile.datasetConsentAt set (docs/decisions/050-counted-votes.md).
    RATINGS_REQUIRE_CONSENT: bool(true),
    RATINGS_MIN_VOTES: int(20, 1),
    RATINGS_MIN_VOTES_DISCIPLINE: int(20, 1),
    RATINGS_MIN_VOTES_CATEGORY: int(20, 1),

    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  });
}

export type Env = z.infer<ReturnType<typeof schemaFor>>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // An empty variable (FOO=) means "not set", as in most tools.
  const defined = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = schemaFor(process.env.NODE_ENV).safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,127}$/;

/**
 * A secret named by configuration (a models file's `apiKeyEnv`), read from the environment. Only names in
 * upper case are accepted, so configuration cannot read arbitrary variables by accident. Never log the value.
 */
export function readSecret(name: string): string | undefined {
  if (!SECRET_NAME.test(name)) throw new Error(`"${name}" is not a valid environment variable name for a key (A-Z, 0-9, _).`);
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** For tests and launchers that change the environment before the first real use. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Environment for a child process (the launcher starts Next with the resolved database URL). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
