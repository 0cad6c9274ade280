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
connectDb(process.env.DATABASE_URL);

afterAll(async () => {
  await disconnectDb();
});
