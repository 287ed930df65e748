// CPU time a server spends per request, read from /proc (Linux): steadier than
// req/s on a noisy machine, and it splits user code from kernel work
// (loopback TCP costs every server about the same).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuTime {
  userMicros: number;
  systemMicros: number;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const reported = Number.parseInt(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5000 }).stdout ?? '', 10);
    ticksPerSecond = Number.isInteger(reported) && reported > 0 ? reported : 100;
  }
  return ticksPerSecond;
}

/** Fields after the command name in /proc/<pid>/stat (the name may contain spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Direct children of `pid` (nginx's workers under its master). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Field 4 of stat is the parent pid; index 1 once the name is cut off.
    if (statFields(Number(entry))?.[1] === String(pid)) children.push(Number(entry));
  }
  return children;
}

/** User and system CPU time used so far by these processes together. */
export function readCpuTime(pids: number[]): CpuTime {
  const microsPerTick = 1_000_000 / clockTicksPerSecond();
  let userTicks = 0;
  let systemTicks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (!fields) continue;
    // utime and stime are fields 14 and 15 of stat: indexes 11 and 12 here.
    userTicks += Number(fields[11]);
    systemTicks += Number(fields[12]);
  }
  return { userMicros: userTicks * microsPerTick, systemMicros: systemTicks * microsPerTick };
}
