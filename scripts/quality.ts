// npm run quality [-- --flag]
// Prints agreement per discipline from re-annotated battles (self-consistency, inter-annotator: accuracy and
// weighted kappa). With --flag it first runs the anomalous-voter test and stores flags (their votes stop counting
// until an admin reinstates them). Exit codes: 0 done, 1 failed, 2 bad arguments.
import { pathToFileURL } from "node:url";
import { computeAgreement } from "@/lib/annotators/compute-agreement";
import { flagAnomalousVoters } from "@/lib/annotators/flag-anomalous-voters";
import { connectDb, disconnectDb } from "@/lib/db";
import { resolveDatabase } from "@/lib/db/resolve";
import { getEnv } from "@/lib/env";
import { formatAgreementReport } from "./quality-report";

async function main() {
  const argv = process.argv.slice(2);
  const unknown = argv.filter((a) => a !== "--flag");
  if (unknown.length > 0) {
    console.error(`quality: unknown argument ${unknown[0]}\nusage: npm run quality [-- --flag]`);
    process.exit(2);
  }
  const database = await resolveDatabase({ log: (line) => console.error(line) });
  connectDb(database.url);
  let exitCode = 0;
  try {
    if (argv.includes("--flag")) {
      const env = getEnv();
      const summary = await flagAnomalousVoters({ checkpoints: env.ANOMALY_CHECKPOINTS, alpha: env.ANOMALY_ALPHA, minOthers: env.ANOMALY_MIN_OTHERS });
      console.log(`anomalous-voter test: ${summary.votes} votes, ${summary.votersTested} voters tested, ${summary.flagged.length} newly flagged`);
      for (const f of summary.flagged) console.log(`  flagged ${f.userId}: M = ${f.statistic.toFixed(2)} >= ${f.threshold.toFixed(2)} after ${f.votes} votes`);
    }
    console.log(formatAgreementReport(await computeAgreement()));
  } catch (error) {
    console.error(`quality failed: ${(error as Error).stack ?? String(error)}`);
    exitCode = 1;
  } finally {
    await disconnectDb();
    await database.embedded?.stop();
  }
  process.exit(exitCode);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
