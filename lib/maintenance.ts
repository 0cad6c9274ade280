import { failAbandonedBattles } from "@/lib/battles/fail-abandoned";
import { log } from "@/lib/log";

// Periodic upkeep inside each app process (started from instrumentation.ts).

const SWEEP_EVERY_MS = 30_000;
const holder = globalThis as unknown as { __arenaMaintenance?: NodeJS.Timeout };

export function startMaintenance(): void {
  if (holder.__arenaMaintenance) return;
  const sweep = () =>
    failAbandonedBattles().catch((error) =>
      log.debug("maintenance sweep skipped", { error: String((error as Error)?.message ?? error) }),
    );
  holder.__arenaMaintenance = setInterval(sweep, SWEEP_EVERY_MS);
  holder.__arenaMaintenance.unref();
  void sweep();
}
