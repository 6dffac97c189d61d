import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { atRestShareOf, CpuMeter, cpuSpeedProbeMs, cpuTicks, parseMachineStat, parseProcStat, readProcTable, sumOf } from './cpu';

/** A /proc/<pid>/stat line with the CPU fields given and every other field a placeholder. */
const statLine = (pid: number, comm: string, ppid: number, [utime, stime, cutime, cstime]: number[]) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194304 100 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 4 0 123 456 789`;

describe('parseProcStat', () => {
  it('reads pid, ppid and the four CPU fields, even when the command name holds spaces and parentheses', () => {
    expect(parseProcStat(statLine(42, 'node (worker) x', 7, [150, 30, 12, 3]))).toEqual({
      pid: 42,
      ppid: 7,
      utime: 150,
      stime: 30,
      cutime: 12,
      cstime: 3,
    });
  });

  it('refuses a line that is not one', () => {
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc/);
  });
});

describe('cpuTicks', () => {
  const table = new Map(
    [
      parseProcStat(statLine(10, 'server', 1, [100, 50, 7, 3])),
      parseProcStat(statLine(11, 'child', 10, [20, 5, 0, 0])),
      parseProcStat(statLine(12, 'grandchild', 11, [4, 1, 2, 0])),
      parseProcStat(statLine(13, 'unrelated', 1, [999, 999, 0, 0])),
    ].map((s) => [s.pid, s]),
  );

  it('counts the process alone: its own user and system time', () => {
    expect(cpuTicks(table, 10, false)).toBe(150);
  });

  it('with its tree: its exited children and every live descendant, nothing else', () => {
    expect(cpuTicks(table, 10, true)).toBe(100 + 50 + 7 + 3 + 20 + 5 + 4 + 1 + 2);
  });

  it('is null for a process that is not running', () => {
    expect(cpuTicks(table, 99, true)).toBeNull();
  });
});

describe('parseMachineStat', () => {
  it('takes busy as everything but idle and iowait', () => {
    expect(parseMachineStat('cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')).toEqual({
      busy: 160,
      total: 1000,
    });
  });
});

describe('CpuMeter', () => {
  let proc: string;
  const write = (pid: number, line: string) => {
    mkdirSync(path.join(proc, String(pid)), { recursive: true });
    writeFileSync(path.join(proc, String(pid), 'stat'), line);
  };

  beforeEach(() => {
    proc = mkdtempSync(path.join(tmpdir(), 'bench-proc-'));
  });
  afterEach(() => rmSync(proc, { recursive: true, force: true }));

  it('gives the CPU milliseconds each followed process used between two readings, and what the rest of the machine used', () => {
    let workerPid = 20;
    const meter = new CpuMeter(
      [
        { name: 'server', pid: () => 10, tree: true },
        { name: 'worker', pid: () => workerPid, tree: false },
      ],
      proc,
      100,
    );
    write(10, statLine(10, 'server', 1, [100, 50, 0, 0]));
    write(11, statLine(11, 'helper', 10, [10, 0, 0, 0]));
    write(20, statLine(20, 'worker', 1, [40, 10, 0, 0]));
    writeFileSync(path.join(proc, 'stat'), 'cpu  1000 0 500 5000 0 0 0 0 0 0\n');
    const before = meter.snapshot();

    // The helper exits and the server waits for it: its time moves into the server's cutime.
    rmSync(path.join(proc, '11'), { recursive: true });
    write(10, statLine(10, 'server', 1, [130, 60, 25, 5]));
    write(20, statLine(20, 'worker', 1, [60, 15, 0, 0]));
    writeFileSync(path.join(proc, 'stat'), 'cpu  1100 0 550 5200 0 0 0 0 0 0\n');
    const phase = meter.between(before, meter.snapshot());

    // server: (130+60+25+5) − (100+50+10) = 60 ticks; worker: 75 − 50 = 25 ticks; 10 ms a tick
    expect(phase.byProcess).toEqual({ server: 600, worker: 250 });
    expect(phase.machineBusyMs).toBe(1500);
    expect(phase.othersMs).toBe(650);
    expect(sumOf(phase, ['server', 'worker'])).toBe(850);

    // A restarted process (a new pid) is not compared with its predecessor.
    workerPid = 21;
    write(21, statLine(21, 'worker', 1, [1, 1, 0, 0]));
    const restarted = meter.between(before, meter.snapshot());
    expect(restarted.byProcess['worker']).toBeNull();
    expect(restarted.othersMs).toBeNull();
    expect(sumOf(restarted, ['server', 'worker'])).toBeNull();
  });

  it('reads this very process from the real /proc', () => {
    expect(readProcTable().get(process.pid)?.ppid).toBe(process.ppid);
  });
});

describe('atRestShareOf', () => {
  const phase = (wallMs: number, byProcess: Record<string, number | null>) => ({
    wallMs,
    byProcess,
    machineBusyMs: null,
    othersMs: null,
  });

  it("is the named processes' CPU rate at rest times the phase's length", () => {
    const idle = phase(2_000, { temporal: 100, kafka: 60, driver: 400 });
    const steady = phase(10_000, { temporal: 5_000, kafka: 900, driver: 2_000 });
    // (100 + 60) ms over 2 s at rest = 80 ms/s; over 10 s = 800 ms. The driver is not named.
    expect(atRestShareOf(idle, steady, ['temporal', 'kafka'])).toBe(800);
  });

  it('is null when a named process was not measured in either phase, or the rest took no time', () => {
    const idle = phase(2_000, { temporal: 100, kafka: null });
    expect(atRestShareOf(idle, phase(10_000, { temporal: 1, kafka: 1 }), ['temporal', 'kafka'])).toBeNull();
    expect(atRestShareOf(phase(2_000, { temporal: 1 }), phase(10_000, { temporal: null }), ['temporal'])).toBeNull();
    expect(atRestShareOf(phase(0, { temporal: 1 }), phase(10_000, { temporal: 1 }), ['temporal'])).toBeNull();
  });
});

describe('cpuSpeedProbeMs', () => {
  it('answers the CPU time its fixed work took, in ms: some, and finite', () => {
    const ms = cpuSpeedProbeMs(1);
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThan(0);
  });
});
