// Checks the models file and shows which models would be active, without starting the app:
//   npx tsx scripts/models.ts check          validate MODELS_FILE (or models.json/yaml) and the keys
//   npx tsx scripts/models.ts sync           also write the catalog to the database (as the launcher does)
import { connectDb, disconnectDb } from "@/lib/db";
import { resolveDatabase } from "@/lib/db/resolve";
import { ModelsFileError } from "@/lib/models/models-file";
import { describeCatalog, readCatalog, syncCatalog } from "@/lib/models/sync-catalog";

const command = process.argv[2] ?? "check";

async function main() {
  if (command === "check") {
    const { source, entries } = readCatalog();
    const report = { source, entries, deactivated: [], active: entries.filter((e) => e.inactiveReason === null).length };
    for (const line of describeCatalog(report)) console.log(line);
    return;
  }
  if (command === "sync") {
    const database = await resolveDatabase({ log: (line) => console.log(`[models] ${line}`) });
    connectDb(database.url);
    try {
      for (const line of describeCatalog(await syncCatalog())) console.log(line);
    } finally {
      await disconnectDb();
      await database.embedded?.stop();
    }
    return;
  }
  console.error("usage: tsx scripts/models.ts check|sync");
  process.exit(2);
}

main().catch((error) => {
  console.error(error instanceof ModelsFileError ? `Invalid models file — ${error.message}` : `[models] ${(error as Error).message}`);
  process.exit(1);
});
