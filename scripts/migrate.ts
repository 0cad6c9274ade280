// Applies pending migrations to DATABASE_URL, or to the embedded database when it is unset.
import { resolveDatabase } from "@/lib/db/resolve";

resolveDatabase({ log: (line) => console.log(line) })
  .then(async (db) => {
    console.log("database is up to date");
    await db.embedded?.stop();
  })
  .catch((error) => {
    console.error((error as Error).message);
    process.exit(1);
  });
