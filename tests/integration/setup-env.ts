import { afterAll, inject } from "vitest";
import { connectDb, disconnectDb } from "@/lib/db";

// Fast, deterministic settings for every integration test file, set before lib/env is first read.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.DEMO_MODEL_TOKEN_DELAY_MS ??= "0";
process.env.DEMO_MODEL_FIRST_TOKEN_DELAY_MS ??= "0";
process.env.LOG_LEVEL ??= "silent";
process.env.RATE_LIMIT_BATTLES_PER_HOUR ??= "100000";
process.env.RATE_LIMIT_VOTES_PER_MINUTE ??= "100000";
process.env.DAILY_VOTE_CAP ??= "100000";
// No test reaches a live scholarly API: local retrieval, and remote base URLs nothing listens on unless a
// test points them at its mock server.
process.env.RETRIEVER ??= "local";
process.env.OPENALEX_BASE_URL ??= "http://127.0.0.1:9";
process.env.S2_BASE_URL ??= "http://127.0.0.1:9";
connectDb(process.env.DATABASE_URL);

afterAll(async () => {
  await disconnectDb();
});
