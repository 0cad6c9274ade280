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
