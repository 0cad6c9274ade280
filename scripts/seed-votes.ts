// Synthetic votes for demos and benchmarks (never for a production database):
//   npx tsx scripts/seed-votes.ts [--models 12] [--votes 5000] [--seed 1] [--labelled] [--prefix synthetic]
//   npx tsx scripts/seed-votes.ts --clear [--prefix synthetic]
// Creates inactive models <prefix>-model-NN, consenting voters <prefix>_voter_N and complete voted battles
// drawn like gen_battles.py, spread over the disciplines and some question categories; then run
// `npx tsx scripts/ratings.ts` to rate them. Exit codes: 0 done, 1 failure, 2 invalid arguments.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { z } from "zod";
import { connectDb, disconnectDb, getPool } from "@/lib/db";
import { resolveDatabase } from "@/lib/db/resolve";
import { clearSyntheticArena, seedSyntheticArena } from "./lib/seed-votes";

const schema = z.object({
  models: z.coerce.number().int().min(2).max(500).default(12),
  votes: z.coerce.number().int().min(1).max(20_000_000).default(5000),
  seed: z.coerce.number().int().min(0).default(1),
  voters: z.coerce.number().int().min(1).default(50),
  prefix: z.string().regex(/^[a-z][a-z0-9]*$/, "lower-case letters and digits").default("synthetic"),
  offset: z.coerce.number().int().min(0).default(0),
  labelled: z.boolean().default(false),
  clear: z.boolean().default(false),
});

async function main(): Promise<number> {
  let args: z.infer<typeof schema>;
  try {
    const { values } = parseArgs({
      options: {
        models: { type: "string" },
        votes: { type: "string" },
        seed: { type: "string" },
        voters: { type: "string" },
        prefix: { type: "string" },
        offset: { type: "string" },
        labelled: { type: "boolean" },
        clear: { type: "boolean" },
      },
      strict: true,
    });
    args = schema.parse(values);
  } catch (error) {
    console.error(`seed-votes: ${error instanceof z.ZodError ? error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ") : (error as Error).message}`);
    return 2;
  }
  const database = await resolveDatabase({ log: (line) => console.error(`[seed-votes] ${line}`) });
  connectDb(database.url);
  try {
    if (args.clear) {
      await clearSyntheticArena(getPool(), args.prefix);
      console.log(`removed the ${args.prefix} models, voters, votes and the rating runs that rated them`);
      return 0;
    }
    const bar = new cliProgress.SingleBar({ format: "seeding [{bar}] {value}/{total} votes | eta {eta_formatted}", noTTYOutput: true, notTTYSchedule: 5000 }, cliProgress.Presets.shades_classic);
    bar.start(args.votes, 0);
    const started = performance.now();
    const { models } = await seedSyntheticArena(getPool(), { ...args, onProgress: (done) => bar.update(done) }).finally(() => bar.stop());
    const seconds = (performance.now() - started) / 1000;
    console.log(`${args.votes} votes among ${models.length} models in ${seconds.toFixed(1)} s (${Math.round(args.votes / seconds)} votes/s)`);
    return 0;
  } catch (error) {
    console.error(`seed-votes: ${(error as Error).stack ?? error}`);
    return 1;
  } finally {
    await disconnectDb();
    await database.embedded?.stop();
  }
}

main().then((code) => {
  process.exitCode = code;
});
