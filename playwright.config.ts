import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { requireSharedDataDir } from "./lib/corpus/shared-data";

// End-to-end tests run the production build (`npm run build` first) on its embedded defaults, in a
// data folder of their own, with Debian's Chromium (Playwright cannot download browsers offline).

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3199);
export const E2E_DB_PORT = Number(process.env.E2E_DB_PORT ?? 55499);
// A second server with no corpus, for the empty states.
export const E2E_EMPTY_PORT = E2E_PORT + 100;
const dataDir = path.join(".data", "e2e");
const sharedPapers = path.join(requireSharedDataDir(), "corpus", "papers");
const seedCorpus = ["pubmedqa_pqal_papers.jsonl", "s2orc_2020_sample_papers.jsonl", "arxiv_2025_2026_recent_sample.jsonl"]
  .map((f) => path.join(sharedPapers, f))
  .join(",");

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const launchOptions = {
  executablePath: existsSync(chromium) ? chromium : undefined,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

function server(options: { port: number; dbPort: number; dataDir: string; seedCorpus: string }) {
  return {
    command: `rm -rf ${options.dataDir} && node --import tsx scripts/launch.ts start`,
    url: `http://127.0.0.1:${options.port}/api/health?ready=1`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      NODE_ENV: "production",
      DATABASE_URL: "",
      DATA_DIR: options.dataDir,
      EMBEDDED_DB_PORT: String(options.dbPort),
      PORT: String(options.port),
      AUTH_DEV_LOGIN: "true",
      AUTH_SECRET: "e2e-only-secret-not-for-production-use",
      SEED_CORPUS: options.seedCorpus,
      DEMO_MODEL_TOKEN_DELAY_MS: "20",
      // Time for the browser to open the stream before tokens flow, so tests see them arrive one by one.
      // Answers start while the battle is being stored (decision 042), so the margin must also cover the
      // page's navigation on a busy machine.
      DEMO_MODEL_FIRST_TOKEN_DELAY_MS: "2500",
      RATE_LIMIT_BATTLES_PER_HOUR: "100000",
      RATE_LIMIT_VOTES_PER_MINUTE: "100000",
      // No re-annotations: "Next question" must lead to the question form in the specs.
      REANNOTATION_RATE: "0",
      ADMIN_EMAILS: "admin-e2e@example.org",
      // Offline: never fall back to a live scholarly API (the default "auto" would with an empty corpus).
      RETRIEVER: "local",
      OPENALEX_BASE_URL: "http://127.0.0.1:9",
      S2_BASE_URL: "http://127.0.0.1:9",
      NEXT_TELEMETRY_DISABLED: "1",
      // The fast vote path marks its answers, so tests/e2e/api/fast-vote.spec.ts can tell the two paths apart.
      FAST_VOTE_MARKER: "true",
      // The dataset page re-exports as soon as counted votes change.
      DATASET_SALT: "e2e-only-dataset-salt-not-for-production",
      DATASET_REFRESH_SECONDS: "0",
    },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/ },
    {
      name: "empty-corpus",
      testMatch: /empty\/.*\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: `http://127.0.0.1:${E2E_EMPTY_PORT}` },
    },
    { name: "desktop", testMatch: /ui\/.*\.spec\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
    { name: "phone", testMatch: /ui\/.*\.spec\.ts/, use: { ...devices["Pixel 7"], launchOptions } },
  ],
  webServer: [
    server({ port: E2E_PORT, dbPort: E2E_DB_PORT, dataDir, seedCorpus }),
    server({ port: E2E_EMPTY_PORT, dbPort: E2E_DB_PORT + 100, dataDir: `${dataDir}-empty`, seedCorpus: "none" }),
  ],
});
