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

    AUTH_SECRET: z.string().min(16).optional(),
    AUTH_URL: z.string().url().optional(),
    // The name + email development sign-in. On outside production unless switched off; off in
    // production unless switched on explicitly.
    AUTH_DEV_LOGIN: bool(!production),

    // Comma-separated JSONL files or folders ingested on first start when the corpus is empty.
    SEED_CORPUS: z.string().optional(),
    RETRIEVAL_TOP_N: int(30, 1),
    RETRIEVAL_MAX_PASSAGES: int(60, 1),

    // Milliseconds between tokens of the built-in demo models (0 in fast tests).
    DEMO_MODEL_TOKEN_DELAY_MS: int(18),
    // A side with no new token for this long fails the battle.
    ANSWER_STALL_TIMEOUT_MS: int(60_000, 100),
    ANSWER_TOTAL_TIMEOUT_MS: int(180_000, 100),

    RATE_LIMIT_BATTLES_PER_HOUR: int(60, 1),
    RATE_LIMIT_VOTES_PER_MINUTE: int(30, 1),

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

/** For tests and launchers that change the environment before the first real use. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Environment for a child process (the launcher starts Next with the resolved database URL). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
