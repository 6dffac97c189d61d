import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceRoot } from '@bishan/config';
import { QUERY_TALLY_DIR, type QueryTally } from '@bishan/db';
import { startKafkaBroker, type KafkaBroker } from '@bishan/testing';
import { startFaultStack, type FaultStack } from '../faults/support/fault-stack';
import { spawnBareWorker, type BareWorkerProcess } from './bare-worker';
import { BENCH_TEMPORALS, isBenchTemporal, startBenchTemporal, type BenchTemporal } from './bench-temporal';
import {
  driveCases,
  HOLD_TAIL_LIMIT_S,
  holdTailS,
  READ_AFTER_ACTION,
  READ_AFTER_RAISE,
  READ_LEDGER_PAGE,
  steadyPlan,
} from './case-driver';
import { atRestShareOf, CpuMeter, cpuSpeedProbeMs, type CpuPhase, type CpuTarget } from './cpu';
import {
  BARE_PROCESSES,
  DRIVER,
  measureBaseline,
  measureEventLag,
  measureIdle,
  measureLateness,
  measureOutage,
  measureSteadyLoad,
  measureStorm,
  measureThroughput,
  residentSetSizes,
  startPendingCases,
  SYSTEM_PROCESSES,
  type BenchContext,
  type LatenessResult,
  type SteadyLoadResult,
  type StormResult,
} from './measures';

type StormOutcome = StormResult | { notMeasured: string };
import { LOGIN } from '../simulator/api-client';
import type { LatencySummary } from '../simulator/latency';
import { formatMarkdown, formatTable, kib, mib, writeResults, type Row } from './report';

const scales = {
  quick: {
    bareWorkflows: 200,
    bareConcurrency: [10, 50, 200],
    idleS: 3,
    restSettleS: 25,
    ladder: [4, 8, 12, 16, 20, 25],
    stepS: 5,
    sustainS: 0,
    sustainAttempts: 0,
    graceS: 20,
    latencyS: 10,
    settleS: 60,
    pending: [100],
    probeRate: 2,
    probeS: 2,
    storm: 30,
    outageS: 10,
    outageRate: 2,
    drainLimitS: 45,
  },
  full: {
    bareWorkflows: 3_000,
    bareConcurrency: [10, 50, 200],
    idleS: 10,
    restSettleS: 30,
    ladder: [4, 6, 8, 10, 12, 15, 20, 22, 25, 30, 40],
    stepS: 60,
    sustainS: 600,
    sustainAttempts: 4,
    graceS: 60,
    latencyS: 120,
    settleS: 300,
    pending: [10_000, 100_000],
    probeRate: 2,
    probeS: 30,
    storm: 10_000,
    outageS: 60,
    outageRate: 5,
    drainLimitS: 300,
  },
};

const ON_SPOT_SHARE = 0.9;
/** B's best level in every full run so far (2026-12-05: 38.8/s at 10, 32.5 at 50, 29.4 at 200). */
const PENDING_STARTS_WITHOUT_B = 10;
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(workspaceRoot(), 'bench-results') },
      pending: { type: 'string' },
      storm: { type: 'string' },
      sustain: { type: 'string' },
      part: { type: 'string', default: 'all' },
      temporal: { type: 'string', default: 'dev' },
      starts: { type: 'string' },
      rate: { type: 'string' },
      'profile-steady': { type: 'boolean', default: false },
      'count-queries': { type: 'boolean', default: false },
    },
  });
  // The services' CPU profiles of the steady phase alone (libs/testing's phase-cpu-profiler.cjs),
  // written beside the results; set before the stack starts, which passes it on to the services.
  const profileDir = path.join(values.out, `profiles-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  if (values['profile-steady']) {
    process.env['SERVICE_CPU_PROFILE_DIR'] = profileDir;
    process.env['SERVICE_CPU_PROFILE_PHASES'] = '1';
  }
  // The services' SQL statements of the steady phase (libs/db's query-tally.ts), counted by shape.
  const queryDir = path.join(values.out, `queries-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  if (values['count-queries']) {
    mkdirSync(queryDir, { recursive: true });
    process.env[QUERY_TALLY_DIR] = queryDir;
  }
  const scale = { ...(values.quick ? scales.quick : scales.full) };
  const positive = (option: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${option} takes positive whole numbers; "${text}" is not one`);
    return n;
  };
  if (values.pending) {
    scale.pending = values.pending.split(',').map((level) => positive('pending', level.trim()));
    if (scale.pending.some((level, i) => i > 0 && level <= scale.pending[i - 1]!))
      throw new Error(`--pending levels must rise (each adds to the one before): ${values.pending}`);
  }
  if (values.storm) scale.storm = positive('storm', values.storm);
  // A hold in a quick run too (`--quick --sustain 120`): R3 then comes from the hold, as in a full run.
  if (values.sustain) {
    scale.sustainS = positive('sustain', values.sustain);
    if (scale.sustainS <= scale.stepS)
      throw new Error(`--sustain must be longer than a ladder step (${scale.stepS} s): ${values.sustain}`);
    scale.sustainAttempts = Math.max(scale.sustainAttempts, scales.full.sustainAttempts);
  }
  if (!isPart(values.part))
    throw new Error(`--part takes ${PARTS.join(', ')}; "${values.part}" is not one of them`);
  const part = values.part;
  if (!isBenchTemporal(values.temporal))
    throw new Error(
      `--temporal takes ${BENCH_TEMPORALS.join(', ')}; "${values.temporal}" is not one of them`,
    );
  const measures = {
    load: part === 'all' || part === 'load',
    pending: part === 'all' || part === 'pending',
    storm: part === 'all' || part === 'load' || part === 'storm',
    steady: part === 'steady',
  };
  // --part steady: the steady phase alone at the rate given, for work on R4 between full runs.
  const steadyRate = values.rate === undefined ? undefined : Number(values.rate);
  if (steadyRate !== undefined && part !== 'steady')
    throw new Error('--rate is for --part steady (the load part holds 70 % of the R3 it measures)');
  if (part === 'steady' && (steadyRate === undefined || !Number.isFinite(steadyRate) || steadyRate <= 0))
    throw new Error(
      `--part steady takes --rate <cases/s> (a positive number; the full run's R4 rate is 70 % of its R3)${values.rate === undefined ? '' : `; "${values.rate}" is not one`}`,
    );
  // Without B (--part pending), how many pending cases are started at once is said here, or is
  // PENDING_STARTS_WITHOUT_B.
  const startsInFlight = values.starts ? positive('starts', values.starts) : undefined;
  if (startsInFlight !== undefined && part !== 'pending')
    throw new Error("--starts is for --part pending (the other parts take B's best level)");
  if (values.pending && !measures.pending)
    throw new Error(`--pending sizes R5, which --part ${part} leaves out`);
  if (values.storm && !measures.storm) throw new Error(`--storm sizes R6, which --part ${part} leaves out`);
  const began = Date.now();
  // The stack's database is a SQLite file unless TEST_DATABASE=postgres (see libs/testing).
  const database = process.env['TEST_DATABASE'] === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, database ${database}, load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  log(`${values.quick ? 'quick' : 'full'} run${part === 'all' ? '' : ` (part: ${part})`} on ${machine}`);
  // Taken before anything of the run starts, and again at its end (the stack at rest): how costly CPU is this hour.
  const speedAtStart = cpuSpeedProbeMs();
  log(`CPU speed probe: ${speedAtStart.toFixed(1)} ms of CPU for its fixed work (lower is faster)`);

  // The stack's own broker, so that R7 can stop it without touching anyone else's; its own Temporal
  // server (a throwaway dev server, or with --temporal prod-like the clustered one started for the
  // run), so that the numbers do not depend on what earlier runs left in the shared one.
  const temporalServer: BenchTemporal = await startBenchTemporal(values.temporal, log);
  log(
    `Temporal: ${temporalServer.title}; starting a throwaway Kafka broker and the four services (demo-compressed policy)…`,
  );
  const broker: KafkaBroker = await startKafkaBroker({ label: 'bench' });
  let stack: FaultStack | undefined;
  let bare: BareWorkerProcess | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await bare?.stop().catch((error: unknown) => log(`stopping the bare worker: ${String(error)}`));
      await stack?.stop().catch((error: unknown) => log(`stopping the stack: ${String(error)}`));
      await broker.remove();
      await temporalServer.stop();
    })());
  // Stopped from outside (Ctrl-C, kill): the run's Temporal server, broker, services and bare worker
  // stop with it instead of running on (Node ends on these signals without its exit hooks). Every
  // signal is handled, not only the first: a second one (a `pkill -f` that matches both npm's shell
  // and this process, an impatient Ctrl-C) would otherwise end Node in the middle of the clean-up.
  // While stopping, a call the run still had in flight retries on a connection already closed and
  // throws from a timer (grpc-js: "Channel has been shut down"); logged, so that the clean-up finishes.
  const whileStopping = (error: unknown) =>
    log(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      log(
        stopping
          ? `${signal}: still stopping the run's processes…`
          : `${signal}: stopping the run's processes…`,
      );
      if (!stopping) process.on('uncaughtException', whileStopping);
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  try {
    // The fault-injection harness's stack: like startTestStack, with a readiness bound that a busy
    // machine's workflow bundling fits in.
    stack = await startFaultStack({
      label: 'bench',
      services: { 'case-api': 1, 'case-worker': 1, notification: 1, reporting: 1 },
      env: {
        CASE_POLICY_VERSION: 'demo-compressed',
        KAFKA_BROKERS: broker.brokers,
        ...temporalServer.env,
      },
    });
    const { db } = stack;
    const services = (['case-api', 'case-worker', 'notification', 'reporting'] as const).map((n) =>
      stack!.service(n),
    );
    // The baseline's worker: a process of its own, so that its CPU time is its own.
    const bareTaskQueue = `bench-bare-${stack.runId}`;
    bare = await spawnBareWorker(temporalServer.env, bareTaskQueue);
    const bareWorker = bare;
    // Every process of the run, read from /proc: what it forks counts with it, except for the
    // driver (this process), whose children are the ones followed here.
    const targets: CpuTarget[] = [
      ...services.map((service) => ({ name: service.name, pid: () => service.pid, tree: true })),
      { name: 'temporal', pid: () => temporalServer.pid, tree: true },
      { name: 'kafka', pid: () => broker.pid(), tree: true },
      { name: 'bare-worker', pid: () => bareWorker.pid, tree: true },
      { name: DRIVER, pid: () => process.pid, tree: false },
    ];
    const ctx: BenchContext = {
      temporal: stack.temporal,
      temporalAddress: stack.env['TEMPORAL_ADDRESS']!,
      caseTaskQueue: stack.env['TEMPORAL_TASK_QUEUE']!,
      bareTaskQueue,
      cpu: new CpuMeter(targets),
      apiUrl: stack.service('case-api').url,
      startCaseApi: (env) => stack!.add('case-api', { env }),
      db,
      services,
      log,
      runId: stack.runId,
      temporalStoreBytes: () => temporalServer.storeBytes(),
      ...(values['profile-steady'] || values['count-queries']
        ? { markSteadyPhase: () => services.forEach((service) => process.kill(service.pid, 'SIGWINCH')) }
        : {}),
    };

    // Start-up work goes on for about 25 s after the services answer (V8 compiling Prisma's
    // WebAssembly query compiler after the first queries, each loop's first rounds): not the
    // background cost "at rest" stands for, so it is let pass first (test/bench/README.md).
    log(`letting start-up work finish (${scale.restSettleS} s), then CPU at rest for ${scale.idleS} s…`);
    await new Promise((resolve) => setTimeout(resolve, scale.restSettleS * 1000));
    const idle = await measureIdle(ctx, scale.idleS);

    const load = measures.load
      ? await measureUnderLoad(
          ctx,
          broker,
          scale,
          idle,
          values['count-queries'] ? () => readQueryTallies(queryDir, services.length) : null,
        )
      : null;
    const steadyAlone =
      measures.steady && steadyRate !== undefined
        ? await measureSteadyAlone(
            ctx,
            // `--sustain N` holds it N seconds instead: whether a rate can be held, with R4 taken over the hold.
            { rate: steadyRate, durationS: values.sustain ? scale.sustainS : scale.latencyS },
            scale,
            values['count-queries'] ? () => readQueryTallies(queryDir, services.length) : null,
          )
        : null;
    const pending = measures.pending
      ? await measurePending(
          ctx,
          scale,
          startsInFlight ?? load?.baseline.concurrency ?? PENDING_STARTS_WITHOUT_B,
        )
      : null;

    let storm: StormOutcome | null = null;
    if (measures.storm) {
      log(`R6: escalation storm of ${scale.storm} claim windows, bare sleepers waking with them…`);
      // The storm is the longest step of a full run; if it breaks, the numbers already taken are
      // still written, with the reason in its row.
      storm = await measureStorm(ctx, scale.storm).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        log(`R6 not measured: ${reason}`);
        return { notMeasured: reason };
      });
    }

    log('cleaning up the pending cases…');
    await terminateQueue(ctx);

    const speed = { atStartMs: speedAtStart, atEndMs: cpuSpeedProbeMs() };
    const rows = [
      speedRow(speed),
      ...(load ? loadRows(load, idle, scale) : []),
      ...(steadyAlone ? steadyAloneRows(steadyAlone, idle) : []),
      ...(pending ? pendingRows(pending, temporalServer.title) : []),
      ...(storm ? [stormRow(storm)] : []),
    ];
    const result = {
      mode: values.quick ? 'quick' : 'full',
      part,
      startedAt: new Date(began).toISOString(),
      elapsedS: (Date.now() - began) / 1000,
      machine,
      temporal: temporalServer.title,
      loadAverageAtEnd: loadavg(),
      freeMemoryAtEndBytes: freemem(),
      scale,
      idleCpu: idle,
      cpuSpeedProbe: speed,
      ...(load ? loadFigures(load) : {}),
      ...(steadyAlone ? steadyFigures(steadyAlone) : {}),
      ...(pending
        ? { lateness: pending.lateness, temporalStore: pending.stores, residentSetSizeBytes: pending.rss }
        : {}),
      ...(storm ? { storm } : {}),
      rows,
    };
    const stamp = new Date(began).toISOString().replace(/[:.]/g, '-');
    const best = load?.baseline.levels.find((l) => l.concurrency === load.baseline.concurrency);
    const files = writeResults(
      values.out,
      stamp,
      result,
      rows,
      {
        baselineLevels:
          load?.baseline.levels.map((l) => ({ concurrency: l.concurrency, perSecond: l.perSecond })) ?? [],
        ladder: load?.throughput.ladder ?? [],
        latency: load?.steady ?? steadyAlone?.steady ?? null,
        cpuPerCase: (load ?? steadyAlone)?.steady.cpuPerCaseByProcessMs ?? {},
        cpuPerBareWorkflow: perUnit(best?.cpu, best?.workflows ?? 1),
        lateness: (pending?.lateness ?? []).map((l) => ({
          label: `${l.pending} pending`,
          p99: l.latenessMs.p99,
          goal: l.pending > 10_000 ? 5_000 : 1_000,
        })),
        ratios: [
          ...(load
            ? [
                {
                  label: 'R1 CPU per case ÷ per bare',
                  value: Number.isFinite(load.r1) ? load.r1 : null,
                  goal: 3,
                },
              ]
            : []),
          ...(storm
            ? [
                {
                  label: 'R6 storm ÷ bare',
                  value: 'ratio' in storm && Number.isFinite(storm.ratio) ? storm.ratio : null,
                  goal: 1.25,
                },
              ]
            : []),
        ],
        rss: pending?.rss ?? {},
      },
      `${machine}; ${temporalServer.title}`,
    );
    console.log(formatTable(rows));
    console.log(`\n${formatMarkdown(rows, `${machine}; ${temporalServer.title}`)}\n`);
    console.log(`wrote ${files.json}\n      ${files.html}\n(${((Date.now() - began) / 1000).toFixed(0)} s)`);
    if (values['profile-steady'])
      console.log(`the services' CPU profiles of the steady phase: ${profileDir}`);
    if (load?.queries) console.log(`the services' SQL statements of the steady phase, by shape: ${queryDir}`);
  } finally {
    await stopAll();
  }
}

const perOf = (ms: number | null, units: number) => (ms === null || units <= 0 ? null : ms / units);

/** A phase's CPU per process divided by `units` (cases, workflows, seconds). */
function perUnit(phase: CpuPhase | undefined, units: number): Record<string, number | null> {
  if (!phase) return {};
  return Object.fromEntries(
    Object.entries(phase.byProcess).map(([name, ms]) => [name, ms === null ? null : ms / units]),
  );
}

/**
 * The services' statement counts of the steady phase, written by each at the phase's second mark
 * (libs/db's query-tally.ts); waits a few seconds for all of them, and reports those that came.
 */
async function readQueryTallies(dir: string, services: number): Promise<QueryTally[]> {
  const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);
  const until = Date.now() + 5_000;
  while (files().length < services && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (files().length < services)
    log(`only ${files().length} of ${services} services wrote their statement counts`);
  return files()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as QueryTally)
    .sort((a, b) => a.service.localeCompare(b.service));
}

async function terminateQueue(ctx: BenchContext): Promise<void> {
  try {
    await ctx.temporal.workflowService.startBatchOperation({
      namespace: ctx.temporal.options.namespace,
      jobId: `bench-cleanup-${ctx.runId}`,
      reason: 'benchmark finished',
      visibilityQuery: `TaskQueue = "${ctx.caseTaskQueue}" AND ExecutionStatus = "Running"`,
      terminationOperation: {},
    });
  } catch (error) {
    log(`could not terminate the benchmark's open cases in one batch: ${String(error)}`);
  }
}

const fmt = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);

const ms = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1);

/** The R4 read row's split: p50 / p99 of each kind of read, so that a slow p99 shows where it comes from. */
function readKinds(byOperation: Record<string, LatencySummary>): string {
  const kinds: [string, string][] = [
    [READ_AFTER_RAISE, 'after a raise'],
    [READ_AFTER_ACTION, 'after an action (waits for its event)'],
    [READ_LEDGER_PAGE, 'ledger page'],
  ];
  return kinds
    .map(([operation, label]) => {
      const summary = byOperation[operation];
      return summary
        ? `${label} ${summary.count}: p50 ${fmt(summary.p50)} / p99 ${fmt(summary.p99)} ms`
        : `${label}: none`;
    })
    .join(', ');
}

/** The R4 write row's split: p50 / p99 of the raise and of each action, in the loop's order. */
function writeKinds(byOperation: Record<string, LatencySummary>): string {
  // Logging in is timed apart (ApiClient.logins), not one of R4's writes.
  const notWrites = new Set([READ_AFTER_RAISE, READ_AFTER_ACTION, READ_LEDGER_PAGE, LOGIN]);
  return Object.entries(byOperation)
    .filter(([operation]) => !notWrites.has(operation))
    .map(
      ([operation, summary]) =>
        `${operation} ${summary.count}: p50 ${fmt(summary.p50)} / p99 ${fmt(summary.p99)} ms`,
    )
    .join(', ');
}

/**
 * The parts of a run: `all` (the default), or the full run in two commands that fit a working session
 * each (`load` ends with the storm); `storm` is R6 alone; `steady` is the steady phase alone at
 * `--rate` (R4, read-your-writes, R7's lag and CPU per case, without B or the ladder that R3 and R1
 * need), for work on R4 between full runs.
 */
const PARTS = ['all', 'load', 'pending', 'storm', 'steady'] as const;
type Part = (typeof PARTS)[number];
const isPart = (value: string): value is Part => (PARTS as readonly string[]).includes(value);

type Scale = (typeof scales)['full'];

/** B, R3, the steady phase (R4, R1, read-your-writes, R7's lag) and R7's outage: what needs the stack under load. */
async function measureUnderLoad(
  ctx: BenchContext,
  broker: KafkaBroker,
  scale: Scale,
  idle: CpuPhase,
  readQueries: (() => Promise<QueryTally[]>) | null,
) {
  log(`B: ${scale.bareWorkflows} bare workflows at each of ${scale.bareConcurrency.join(', ')} in flight…`);
  const baseline = await measureBaseline(ctx, scale.bareWorkflows, scale.bareConcurrency);
  log(
    `B = ${baseline.perSecond.toFixed(1)} workflows/s (at ${baseline.concurrency} in flight), ${baseline.transitionsPerWorkflow} state transitions each`,
  );

  log('R3: ladder of open-loop rates…');
  const throughput = await measureThroughput(ctx, {
    ladder: scale.ladder,
    stepS: scale.stepS,
    sustainS: scale.sustainS,
    sustainAttempts: scale.sustainAttempts,
    onSpotShare: ON_SPOT_SHARE,
    graceS: scale.graceS,
    settleS: scale.settleS,
  });

  const plan = steadyPlan(throughput.steadyBasisPerSecond, scale.latencyS);
  const basis =
    throughput.sustained || !throughput.sustainAttempts.length
      ? 'R3'
      : `${throughput.steadyBasisPerSecond.toFixed(2)}/s, completed in the last hold (none held)`;
  log(
    `R4, R1, R7 lag, read-your-writes: steady load at 70 % of ${basis}, at least 0.5/s and 20 cases (${plan.rate.toFixed(2)}/s for ${plan.durationS} s)…`,
  );
  const steady = await measureSteadyLoad(ctx, plan, ON_SPOT_SHARE, scale.settleS);
  const queries = readQueries ? await readQueries() : null;
  const r1 =
    steady.cpuPerCaseMs !== null && baseline.cpuPerWorkflowMs
      ? steady.cpuPerCaseMs / baseline.cpuPerWorkflowMs
      : Number.NaN;
  log(
    `R1 = ${steady.cpuPerCaseMs?.toFixed(1) ?? 'n/a'} ms CPU per case ÷ ${baseline.cpuPerWorkflowMs?.toFixed(2) ?? 'n/a'} ms per bare workflow = ${r1.toFixed(2)}`,
  );
  // How much of each side is the processes' background at rest (their rate at rest × the phase's
  // length): reported beside R1, not taken out of it.
  const best = baseline.levels.find((l) => l.concurrency === baseline.concurrency);
  const atRest = {
    perCaseMs: perOf(atRestShareOf(idle, steady.cpu, SYSTEM_PROCESSES), steady.offered),
    perBareWorkflowMs: best ? perOf(atRestShareOf(idle, best.cpu, BARE_PROCESSES), best.workflows) : null,
  };
  // The definition R1 had before (kept in the JSON for comparison with older runs).
  const transitionShare =
    (throughput.casesPerSecond * throughput.transitions.perCase) /
    (baseline.perSecond * baseline.transitionsPerWorkflow);
  const lag = await logSteadyAndMeasureLag(ctx, steady);

  log(`R7: broker outage of ${scale.outageS} s under load…`);
  const outage = await measureOutage(ctx, broker, {
    outageS: scale.outageS,
    rate: scale.outageRate,
    drainLimitS: scale.drainLimitS,
  });
  log(
    `R7 outage: ${outage.raisedDuringOutage} raised and ${outage.refusedDuringOutage} refused during it, backlog ${outage.backlogAtReturn} at the broker's return, drained in ${outage.drainS?.toFixed(1) ?? 'n/a (not within the limit)'} s`,
  );
  return { baseline, throughput, steady, queries, r1, atRest, transitionShare, lag, outage };
}
type UnderLoad = Awaited<ReturnType<typeof measureUnderLoad>>;

/** Each phase's figures are logged as it ends, so a run stopped before its table still tells them. */
async function logSteadyAndMeasureLag(ctx: BenchContext, steady: SteadyLoadResult) {
  const ryw = steady.readYourWrites;
  log(
    `R4 at ${steady.rate.toFixed(2)}/s: writes p99 ${steady.writes.p99 ?? 'n/a'} ms, reads p99 ${steady.reads.p99 ?? 'n/a'} ms; ${steady.closed}/${steady.offered} closed, ${steady.failures} failures; read-your-writes ${ryw.notFound} not found and ${ryw.stale} stale of ${ryw.reads}`,
  );
  const lag = await measureEventLag(ctx, {
    caseIds: steady.caseIds,
    afterSequence: steady.outboxSequenceBefore,
  });
  log(
    `R7 lag at R4's load: p99 ${lag.lagMs.p99 ?? 'n/a'} ms over ${lag.events} events, ${lag.notYetApplied} not yet applied`,
  );
  return lag;
}

/** --part steady: the steady phase at the rate given, on a stack that has done nothing else. */
async function measureSteadyAlone(
  ctx: BenchContext,
  plan: { rate: number; durationS: number },
  scale: Scale,
  readQueries: (() => Promise<QueryTally[]>) | null,
) {
  // A fresh stack is slower than one that has run for a while (V8 still compiling the hot paths, the
  // caches empty); the full run's steady phase follows the ladder. The same load first, unmeasured.
  const warmUpS = scale.stepS;
  log(`warming the stack up: the same load for ${warmUpS} s, not measured…`);
  const warmUp = await driveCases({
    baseUrl: ctx.apiUrl,
    rate: plan.rate,
    durationS: warmUpS,
    onSpotShare: ON_SPOT_SHARE,
    graceS: 30,
  });
  // Not measured, but told: a warm-up that already fails says the rate is past what the stack holds.
  log(`warm-up: ${warmUp.closed}/${warmUp.offered} closed, ${warmUp.failures} failures`);
  log(`R4, R7 lag, read-your-writes: steady load at ${plan.rate.toFixed(2)}/s for ${plan.durationS} s…`);
  const steady = await measureSteadyLoad(ctx, plan, ON_SPOT_SHARE, scale.settleS);
  const queries = readQueries ? await readQueries() : null;
  const lag = await logSteadyAndMeasureLag(ctx, steady);
  return { steady, queries, lag };
}
type SteadyAlone = Awaited<ReturnType<typeof measureSteadyAlone>>;

/** The steady phase's figures in the results file (the load part's and --part steady's alike). */
function steadyFigures(phase: Pick<SteadyAlone, 'steady' | 'queries' | 'lag'>) {
  const { caseIds: _caseIds, ...steady } = phase.steady;
  return { steady, steadyQueries: phase.queries, eventLag: phase.lag };
}

/** The load part's figures in the results file, under the names earlier runs' files have. */
function loadFigures(load: UnderLoad) {
  return {
    baseline: load.baseline,
    r1: load.r1,
    r1AtRestShare: load.atRest,
    transitionShare: load.transitionShare,
    throughput: load.throughput,
    ...steadyFigures(load),
    outage: load.outage,
  };
}

/** R5 at each pending level (each adds to the one before), then every service's resident set with them open. */
async function measurePending(ctx: BenchContext, scale: Scale, inFlight: number) {
  const lateness: LatenessResult[] = [];
  const stores: PendingStore[] = [];
  let pendingIds: string[] = [];
  for (const level of scale.pending) {
    log(`R5: bringing pending deadlines to ${level} (${inFlight} starts in flight)…`);
    const storeBefore = await ctx.temporalStoreBytes();
    const added = await startPendingCases(ctx, level - pendingIds.length, pendingIds.length, inFlight);
    pendingIds = pendingIds.concat(added.ids);
    // What a waiting case costs the Temporal server's store: its history (and what the server keeps beside it).
    const storeBytes = await ctx.temporalStoreBytes();
    const store = { level, added: added.ids.length, bytes: storeBytes, grewBytes: storeBytes - storeBefore };
    stores.push(store);
    log(
      `R5: ${added.ids.length} pending cases set up in ${added.seconds.toFixed(0)} s (${added.perSecond.toFixed(1)}/s); Temporal store ${mib(store.bytes)}, ${kib(store.grewBytes / Math.max(store.added, 1))} more per case`,
    );
    const { ids: _ids, ...setup } = added;
    const measured = await measureLateness(
      ctx,
      level,
      { ...setup, added: added.ids.length },
      scale.probeRate,
      scale.probeS,
    );
    log(
      `R5 with ${level} pending: p99 ${measured.latenessMs.p99} ms over ${measured.deadlinesFired} deadlines`,
    );
    lateness.push(measured);
  }
  const rss = residentSetSizes(ctx.services);
  log(
    `resident set with ${pendingIds.length} pending: ${Object.entries(rss)
      .map(([name, bytes]) => `${name} ${mib(bytes)}`)
      .join(', ')}`,
  );
  return { lateness, stores, rss, open: pendingIds.length };
}
type Pending = Awaited<ReturnType<typeof measurePending>>;
interface PendingStore {
  level: number;
  added: number;
  bytes: number;
  grewBytes: number;
}

/** The rows of the load part: B, R1 and each process's CPU, R2, R3, R4, read-your-writes, R7. */
function loadRows(r: UnderLoad, idle: CpuPhase, scale: Scale): Row[] {
  const tried = r.throughput.sustainAttempts
    .filter((a) => !a.passed)
    .map((a) => `${a.rate}/s: ${a.failures} failures of ${a.offered}`);
  const hold = r.throughput.sustained;
  // The search's other holds, in the order tried: those that passed lower, those that failed.
  const alsoHeld = r.throughput.sustainAttempts
    .filter((a) => a.passed && a.rate !== hold?.rate)
    .map((a) => `${a.rate}/s`);
  const held = hold
    ? `${hold.rate}/s held ${hold.durationS} s: ${hold.closed} of ${hold.offered} closed, ${fmt(hold.completedPerS, 2)} completed/s from the first send to the last close, ${fmt(holdTailS(hold), 1)} s after the end of sending${alsoHeld.length ? `; held before it ${alsoHeld.join(', ')}` : ''}${tried.length ? `; failed at ${tried.join(', ')}` : ''}`
    : scale.sustainS <= scale.stepS
      ? `best of ${scale.stepS} s steps`
      : `no rate held ${scale.sustainS} s${tried.length ? ` (${tried.join(', ')})` : ''}`;
  const best = r.baseline.levels.find((l) => l.concurrency === r.baseline.concurrency);
  const steady = r.steady;
  const ladderRyw = r.throughput.ladder.reduce(
    (sum, step) => ({
      reads: sum.reads + step.readYourWrites.reads,
      broken: sum.broken + step.readYourWrites.notFound + step.readYourWrites.stale,
    }),
    { reads: 0, broken: 0 },
  );
  const rows: Row[] = [
    {
      id: 'B',
      measure: `bare workflows/s (one no-op activity; ${r.baseline.levels[0]?.workflows ?? 0} at each level), best of ${r.baseline.levels
        .map((l) => `${l.concurrency} in flight ${fmt(l.perSecond)}`)
        .join(', ')}`,
      value: fmt(r.baseline.perSecond),
      goal: 'ceiling',
      met: null,
    },
    {
      id: 'R1',
      measure: `CPU per case ÷ CPU per bare workflow: ${ms(steady.cpuPerCaseMs)} ms (4 services, Temporal, Kafka; ${steady.offered} cases at R4's load) ÷ ${ms(r.baseline.cpuPerWorkflowMs)} ms (Temporal + bare worker, B's level); of which background at rest ${ms(r.atRest.perCaseMs)} / ${ms(r.atRest.perBareWorkflowMs)} ms`,
      value: fmt(r.r1, 2),
      goal: '≤ 3',
      met: Number.isFinite(r.r1) ? r.r1 <= 3 : null,
    },
    ...cpuRows(steady, idle, perUnit(best?.cpu, best?.workflows ?? 1), r.queries),
    {
      id: 'R2',
      measure: `state transitions per case (${Math.round(ON_SPOT_SHARE * 100)} % on the spot ${fmt(r.throughput.transitions.onSpot, 0)}, full loop ${fmt(r.throughput.transitions.fullLoop, 0)}; bare ${fmt(r.baseline.transitionsPerWorkflow, 0)})`,
      value: fmt(r.throughput.transitions.perCase),
      goal: 'regression guard',
      met: null,
    },
    {
      id: 'R3',
      measure: `sustained cases/s: the rate a 10-minute hold took with zero failures, its last case closed within ${HOLD_TAIL_LIMIT_S} s of the end (${held})`,
      value: fmt(r.throughput.casesPerSecond, 2),
      goal: '≥ 20/s over 10 min',
      // Judged only on a hold of 10 minutes (a full run's, or a quick run's `--sustain 600`).
      met:
        scale.sustainS >= 600 ? r.throughput.sustained !== null && r.throughput.casesPerSecond >= 20 : null,
    },
    ...latencyRows(steady),
    {
      id: 'RYW',
      measure: `the same over the R3 ladder (up to its failing step) — ${ladderRyw.reads} reads`,
      value: String(ladderRyw.broken),
      goal: 'reported',
      met: null,
    },
    lagRow(r.lag),
    {
      id: 'R7',
      measure: `backlog drain after a ${r.outage.outageS} s broker outage (${r.outage.backlogAtReturn} events; ${r.outage.raisedDuringOutage} cases accepted, ${r.outage.refusedDuringOutage} refused meanwhile)`,
      value: r.outage.drainS === null ? 'not drained' : `${fmt(r.outage.drainS)} s`,
      goal: '≤ 60 s, none refused',
      met: r.outage.drainS !== null && r.outage.drainS <= 60 && r.outage.refusedDuringOutage === 0,
    },
  ];
  return rows;
}

/** --part steady's rows: each process's CPU per case, R4, read-your-writes and R7's lag at the rate given. */
function steadyAloneRows(r: SteadyAlone, idle: CpuPhase): Row[] {
  return [...cpuRows(r.steady, idle, null, r.queries), ...latencyRows(r.steady), lagRow(r.lag)];
}

/**
 * Each process's CPU: per case at R4's load, per bare workflow at B's level (when B was measured) and
 * per second at rest; then the machine's other processes, and the statements per case if counted.
 */
function cpuRows(
  steady: SteadyLoadResult,
  idle: CpuPhase,
  perBareWorkflow: Record<string, number | null> | null,
  queries: QueryTally[] | null,
): Row[] {
  const idleS = Math.max(idle.wallMs / 1000, 1e-9);
  const perBare = perBareWorkflow ? " / per bare workflow at B's level" : '';
  return [
    ...[...SYSTEM_PROCESSES, 'bare-worker', DRIVER].map((name) => ({
      id: 'CPU',
      measure: `${name}: ms per case at R4's load${perBare} / per second at rest`,
      value: [
        ms(steady.cpuPerCaseByProcessMs[name]),
        ...(perBareWorkflow ? [ms(perBareWorkflow[name])] : []),
        ms(perUnit(idle, idleS)[name]),
      ].join(' / '),
      goal: name === DRIVER || name === 'bare-worker' ? 'apart' : 'reported',
      met: null,
    })),
    {
      id: 'CPU',
      measure: "the machine's other processes (not this run's) during the steady phase, ms per case",
      value: ms(steady.cpu.othersMs === null ? null : steady.cpu.othersMs / steady.offered),
      goal: 'apart',
      met: null,
    },
    ...(queries
      ? [
          {
            id: 'SQL',
            measure: `statements per case at R4's load (--count-queries): ${queries.map((q) => q.service).join(' / ')}`,
            value: queries.map((q) => fmt(q.statements / steady.offered)).join(' / '),
            goal: 'reported',
            met: null,
          },
        ]
      : []),
  ];
}

/** R4's two rows (each split by kind) and read-your-writes at R4's load. */
function latencyRows(steady: SteadyLoadResult): Row[] {
  const atLoad = `at ${fmt(steady.rate, 2)}/s for ${steady.durationS} s`;
  const ryw = steady.readYourWrites;
  return [
    {
      id: 'R4',
      measure: `write p99 ${atLoad} (${steady.failures} failures); by kind ${writeKinds(steady.byOperation)}`,
      value: `${fmt(steady.writes.p99)} ms`,
      goal: '≤ 150 ms',
      met: steady.writes.p99 === null ? null : steady.writes.p99 <= 150,
    },
    {
      id: 'R4',
      measure: `read p99 ${atLoad}; by kind ${readKinds(steady.byOperation)}`,
      value: `${fmt(steady.reads.p99)} ms`,
      goal: '≤ 30 ms',
      met: steady.reads.p99 === null ? null : steady.reads.p99 <= 30,
    },
    {
      id: 'RYW',
      measure: `reads of one's own write answered 404 / stale ${atLoad}: after a raise ${ryw.afterRaise.notFound} / ${ryw.afterRaise.stale} of ${ryw.afterRaise.reads}, after an action ${ryw.afterAction.notFound} / ${ryw.afterAction.stale} of ${ryw.afterAction.reads}`,
      value: String(ryw.notFound + ryw.stale),
      goal: '0',
      met: ryw.notFound + ryw.stale === 0,
    },
  ];
}

function lagRow(lag: UnderLoad['lag']): Row {
  return {
    id: 'R7',
    measure: `event lag outbox → reporting p99 at R4's load (${lag.events} events, ${lag.notYetApplied} not applied)`,
    value: `${fmt(lag.lagMs.p99, 0)} ms`,
    goal: '≤ 1 s',
    met: lag.lagMs.p99 === null ? null : lag.lagMs.p99 <= 1000 && lag.notYetApplied === 0,
  };
}

/** R5 at each pending level, then each service's resident set with them open. */
function pendingRows(r: Pending, temporal: string): Row[] {
  return [
    ...r.lateness.map((l) => {
      const goal = l.pending > 10_000 ? 5_000 : 1_000;
      return {
        id: 'R5',
        measure: `deadline lateness p99, ${l.pending} pending (${l.deadlinesFired} fired; ${l.setup.added} set up in ${fmt(l.setup.seconds, 0)} s, ${fmt(l.setup.perSecond)}/s with ${l.setup.inFlight} in flight)`,
        value: `${fmt(l.latenessMs.p99, 0)} ms`,
        goal: `≤ ${goal / 1000} s`,
        met: l.latenessMs.p99 === null ? null : l.latenessMs.p99 <= goal,
      };
    }),
    ...r.stores.map((s) => ({
      id: 'store',
      measure: `Temporal's store with ${s.level} pending (${temporal}; grew ${mib(s.grewBytes)} for ${s.added} cases)`,
      value: `${kib(s.grewBytes / Math.max(s.added, 1))} a case`,
      goal: 'reported',
      met: null,
    })),
    ...Object.entries(r.rss).map(([name, bytes]) => ({
      id: 'RSS',
      measure: `${name}, ${r.open} open cases`,
      value: mib(bytes),
      goal: name === 'case-worker' ? '≤ 1 GiB at 100,000' : 'reported',
      met: name === 'case-worker' && bytes !== null && r.open >= 100_000 ? bytes <= 2 ** 30 : null,
    })),
  ];
}

/**
 * The probe's CPU time at the run's start and end. CPU per case differs by a quarter between runs of
 * the same code on a shared virtual machine; this row says which kind of hour a run had.
 */
function speedRow(speed: { atStartMs: number; atEndMs: number }): Row {
  return {
    id: 'CPU',
    measure:
      'speed probe: ms of CPU the driver takes for a fixed piece of work, at the run’s start / end (lower is faster; compare runs by it)',
    value: `${fmt(speed.atStartMs, 1)} / ${fmt(speed.atEndMs, 1)}`,
    goal: 'apart',
    met: null,
  };
}

function stormRow(storm: StormOutcome): Row {
  return 'notMeasured' in storm
    ? {
        id: 'R6',
        measure: `escalation storm: not measured (${storm.notMeasured})`,
        value: '—',
        goal: '≤ 1.25',
        met: null,
      }
    : {
        id: 'R6',
        measure: `storm of ${storm.deadlines} on ${storm.dueInstants} instant(s) (a ${fmt(storm.dayMs / 1000, 0)} s working day), as many bare sleepers waking with them: drain ${fmt(storm.casesDrainS, 2)} s vs bare ${fmt(storm.bareDrainS, 2)} s`,
        value: fmt(storm.ratio, 2),
        goal: '≤ 1.25',
        met: Number.isFinite(storm.ratio) ? storm.ratio <= 1.25 : null,
      };
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
