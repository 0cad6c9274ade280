import { existsSync, readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) used so far by every process of a process group (Linux /proc; 0 elsewhere). */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of existsSync("/proc") ? readdirSync("/proc") : []) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may hold spaces and parentheses: the fields start after its last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[2] is the process group; [11] utime, [12] stime (0-based from the state field).
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

/**
 * CPU seconds used by the processes whose command line contains `marker` (e.g. the PostgreSQL backends
 * of one database: their title names it), sampled every `everyMs` while running, so that processes that
 * end before the measurement stops still count (up to their last sample). Linux /proc; 0 elsewhere.
 */
export function sampleProcessCpu(marker: string, everyMs = 200): { stop: () => number } {
  const lastSeen = new Map<string, number>();
  const sample = () => {
    for (const entry of existsSync("/proc") ? readdirSync("/proc") : []) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) continue;
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // Keyed by pid and start time, so a reused pid is another process.
        lastSeen.set(`${entry}:${fields[19]}`, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // the process ended meanwhile
      }
    }
  };
  sample();
  const baseline = new Map(lastSeen);
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      let seconds = 0;
      for (const [key, cpu] of lastSeen) seconds += cpu - (baseline.get(key) ?? 0);
      return seconds;
    },
  };
}
