import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The CPU fields of one /proc/<pid>/stat line, in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** User and system time of the process itself (all its threads). */
  utime: number;
  stime: number;
  /** User and system time of its children that exited and were waited for. */
  cutime: number;
  cstime: number;
}

/**
 * Parses /proc/<pid>/stat (proc(5)). The command name (field 2) is in parentheses and may hold
 * spaces and parentheses itself, so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // fields[0] is field 3 (state): field n is fields[n - 3]
  const fields = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number) => {
    const value = Number(fields[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`field ${n} of a /proc/<pid>/stat line is not a number`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
  };
}

/** Every process's stat line now, by pid (processes that exit while being read are skipped). */
export function readProcTable(procDir = '/proc'): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const entry of readdirSync(procDir)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`${procDir}/${entry}/stat`, 'utf8'));
      table.set(stat.pid, stat);
    } catch {
      // gone between the listing and the read
    }
  }
  return table;
}

/**
 * CPU ticks a process has used so far. With `tree`, also everything it forked: its exited children
 * (cutime + cstime, once waited for) and every live descendant (its own time and its exited
 * children's) — so a child that exits between two readings moves from the second sum to the first
 * and is counted once. Null when the process is not running.
 */
export function cpuTicks(table: Map<number, ProcStat>, pid: number, tree: boolean): number | null {
  const root = table.get(pid);
  if (!root) return null;
  if (!tree) return root.utime + root.stime;
  const children = new Map<number, number[]>();
  for (const stat of table.values()) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat.pid);
    else children.set(stat.ppid, [stat.pid]);
  }
  let ticks = 0;
  const pending = [pid];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const next = pending.pop() as number;
    if (seen.has(next)) continue;
    seen.add(next);
    const stat = table.get(next);
    if (!stat) continue;
    ticks += stat.utime + stat.stime + stat.cutime + stat.cstime;
    pending.push(...(children.get(next) ?? []));
  }
  return ticks;
}

/** Busy and total ticks of the whole machine, from the first line of /proc/stat. */
export function parseMachineStat(text: string): { busy: number; total: number } {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) throw new Error('no cpu line in /proc/stat');
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/** A process whose CPU time is followed: `pid` is asked at each reading (a restarted process has a new one). */
export interface CpuTarget {
  name: string;
  pid: () => number | undefined;
  /** Count what it forks too (see cpuTicks). */
  tree: boolean;
}

export interface CpuSnapshot {
  atMs: number;
  processes: Record<string, { pid: number; ticks: number } | null>;
  machine: { busy: number; total: number } | null;
}

/** CPU milliseconds between two readings, by process; null for a process missing from either or restarted. */
export interface CpuPhase {
  wallMs: number;
  byProcess: Record<string, number | null>;
  /** Busy CPU of the whole machine meanwhile (every core, everyone's processes). */
  machineBusyMs: number | null;
  /** The machine's busy CPU not used by any followed process: other people's work. */
  othersMs: number | null;
}

export function ticksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Readings of the followed processes' CPU time from /proc, and the CPU used between two of them. */
export class CpuMeter {
  private readonly msPerTick: number;

  constructor(
    private readonly targets: CpuTarget[],
    private readonly procDir = '/proc',
    hz = ticksPerSecond(),
  ) {
    this.msPerTick = 1000 / hz;
  }

  get names(): string[] {
    return this.targets.map((t) => t.name);
  }

  snapshot(): CpuSnapshot {
    const table = readProcTable(this.procDir);
    const processes: CpuSnapshot['processes'] = {};
    for (const target of this.targets) {
      const pid = target.pid();
      const ticks = pid === undefined ? null : cpuTicks(table, pid, target.tree);
      processes[target.name] = pid === undefined || ticks === null ? null : { pid, ticks };
    }
    let machine: CpuSnapshot['machine'] = null;
    try {
      machine = parseMachineStat(readFileSync(`${this.procDir}/stat`, 'utf8'));
    } catch {
      machine = null;
    }
    return { atMs: Date.now(), processes, machine };
  }

  between(before: CpuSnapshot, after: CpuSnapshot): CpuPhase {
    const byProcess: Record<string, number | null> = {};
    for (const name of this.names) {
      const a = before.processes[name];
      const b = after.processes[name];
      byProcess[name] = a && b && a.pid === b.pid ? (b.ticks - a.ticks) * this.msPerTick : null;
    }
    const machineBusyMs =
      before.machine && after.machine ? (after.machine.busy - before.machine.busy) * this.msPerTick : null;
    const ours = Object.values(byProcess);
    const othersMs =
      machineBusyMs === null || ours.some((v) => v === null)
        ? null
        : Math.max(0, machineBusyMs - ours.reduce<number>((sum, v) => sum + (v ?? 0), 0));
    return { wallMs: after.atMs - before.atMs, byProcess, machineBusyMs, othersMs };
  }

  /** Runs `work` between two readings. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuPhase }> {
    const before = this.snapshot();
    const result = await work();
    return { result, cpu: this.between(before, this.snapshot()) };
  }
}

/** Sum of the named processes' CPU in a phase; null if any of them was not measured. */
export function sumOf(phase: CpuPhase, names: readonly string[]): number | null {
  let sum = 0;
  for (const name of names) {
    const ms = phase.byProcess[name];
    if (ms === null || ms === undefined) return null;
    sum += ms;
  }
  return sum;
}

/**
 * What the named processes would have used during `phase` doing nothing: their rate at rest (`idle`)
 * × the phase's length. The part of a phase's CPU that is background (polling, heartbeats), not its
 * work; null if any of them was not measured in either.
 */
export function atRestShareOf(idle: CpuPhase, phase: CpuPhase, names: readonly string[]): number | null {
  const atRest = sumOf(idle, names);
  if (atRest === null || idle.wallMs <= 0) return null;
  if (names.some((name) => phase.byProcess[name] === null || phase.byProcess[name] === undefined)) return null;
  return (atRest / idle.wallMs) * phase.wallMs;
}

/**
 * The CPU time, in ms, this process takes for one fixed piece of work: hashing and object churn,
 * the kind of work the services do. The least of `rounds` tries, so that a try interrupted by the
 * scheduler does not count. On a shared virtual machine the same code costs more or less CPU from one
 * hour to the next (a busy neighbour on the host's cores); the probe at a run's start and end says
 * which kind of hour the run's CPU-per-case figures come from.
 */
export function cpuSpeedProbeMs(rounds = 5): number {
  const block = Buffer.alloc(64 * 1024, 7);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    const before = process.cpuUsage();
    for (let i = 0; i < 400; i += 1) {
      createHash('sha256').update(block).digest();
      const rows = Array.from({ length: 200 }, (_, n) => ({
        id: `${i}-${n}`,
        seq: n,
        at: new Date(n).toISOString(),
      }));
      JSON.parse(JSON.stringify(rows));
    }
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}
