import { existsSync, readdirSync, readFileSync } from "node:fs";

interface ProcessStat {
  pid: string;
  processGroup: number;
  /** Clock ticks since boot when the process started: with the pid, it tells a reused pid apart. */
  startTime: string;
  /** User + system CPU seconds so far. */
  cpuSeconds: number;
}

/** Every process Linux /proc shows (none elsewhere), those matching `include(pid)`, as their stat says. */
function processStats(include: (pid: string) => boolean = () => true): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const pid of existsSync("/proc") ? readdirSync("/proc") : []) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!include(pid)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name may hold spaces and parentheses: the fields start after its last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // 0-based from the state field: [2] process group, [11] utime, [12] stime, [19] start time.
      stats.push({ pid, processGroup: Number(fields[2]), startTime: fields[19], cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // the process ended meanwhile
    }
  }
  return stats;
}

/** CPU seconds (user + system) used so far by every process of a process group (Linux /proc; 0 elsewhere). */
export function groupCpuSeconds(pgid: number): number {
  return processStats()
    .filter((stat) => stat.processGroup === pgid)
    .reduce((seconds, stat) => seconds + stat.cpuSeconds, 0);
}

/**
 * CPU seconds used by the processes whose command line contains `marker` (e.g. the PostgreSQL backends
 * of one database: their title names it), sampled every `everyMs` while running, so that processes that
 * end before the measurement stops still count (up to their last sample). Linux /proc; 0 elsewhere.
 */
export function sampleProcessCpu(marker: string, everyMs = 200): { stop: () => number } {
  const lastSeen = new Map<string, number>();
  const sample = () => {
    for (const stat of processStats((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker))) {
      lastSeen.set(`${stat.pid}:${stat.startTime}`, stat.cpuSeconds);
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
