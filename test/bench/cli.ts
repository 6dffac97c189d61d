import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceRoot } from '@bishan/config';
import { freePort, startKafkaBroker, startTemporalDevServer, type KafkaBroker, type TemporalDevServer } from '@bishan/testing';
import { startFaultStack, type FaultStack } from '../faults/support/fault-stack';
import {
  measureBaseline,
  measureEventLag,
  measureLatency,
  measureLateness,
  measureOutage,
  measureStorm,
  measureThroughput,
  residentSetSizes,
  startPendingCases,
  type BenchContext,
  type LatenessResult,
  type StormResult,
} from './measures';

type StormOutcome = StormResult | { notMeasured: string };
import { formatMarkdown, formatTable, writeResults, type Row } from './report';

const scales = {
  quick: {
    bareWorkflows: 300,
    bareConcurrency: 50,
    ladder: [4, 8, 12, 16, 20, 25],
    stepS: 5,
    sustainS: 0,
    sustainAttempts: 0,
    graceS: 20,
    latencyS: 6,
    pending: [100],
    probeRate: 2,
    probeS: 2,
    storm: 30,
    outageS: 10,
    outageRate: 2,
    drainLimitS: 45,
  },
  full: {
    bareWorkflows: 5_000,
    bareConcurrency: 100,
    ladder: [4, 6, 8, 10, 12, 15, 20, 25, 30, 40],
    stepS: 60,
    sustainS: 600,
    sustainAttempts: 2,
    graceS: 60,
    latencyS: 120,
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
const log = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(workspaceRoot(), 'bench-results') },
      pending: { type: 'string' },
      storm: { type: 'string' },
    },
  });
  const scale = { ...(values.quick ? scales.quick : scales.full) };
  const positive = (option: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${option} takes positive whole numbers; "${text}" is not one`);
    return n;
  };
  if (values.pending) {
    scale.pending = values.pending.split(',').map((level) => positive('pending', level.trim()));
    if (scale.pending.some((level, i) => i > 0 && level <= scale.pending[i - 1]!))
      throw new Error(`--pending levels must rise (each adds to the one before): ${values.pending}`);
  }
  if (values.storm) scale.storm = positive('storm', values.storm);
  const began = Date.now();
  // The stack's database is a SQLite file unless TEST_DATABASE=postgres (see libs/testing).
  const database = process.env['TEST_DATABASE'] === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, database ${database}, load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  log(`${values.quick ? 'quick' : 'full'} run on ${machine}`);

  // The stack's own broker, so that R7 can stop it without touching anyone else's; its own Temporal
  // server, so that the numbers do not depend on what earlier runs left in the shared one.
  log('starting a throwaway Temporal server and Kafka broker, and the four services (demo-compressed policy)…');
  const temporalDb = path.join(workspaceRoot(), '.local/test-data', `bench-temporal-${process.pid}-${Date.now()}.db`);
  const temporalServer: TemporalDevServer = await startTemporalDevServer({ port: await freePort(), dbFile: temporalDb });
  const broker: KafkaBroker = await startKafkaBroker({ label: 'bench' });
  let stack: FaultStack | undefined;
  try {
    // The fault-injection harness's stack: like startTestStack, with a readiness bound that a busy
    // machine's workflow bundling fits in.
    stack = await startFaultStack({
      label: 'bench',
      services: { 'case-api': 1, 'case-worker': 1, notification: 1, reporting: 1 },
      env: { CASE_POLICY_VERSION: 'demo-compressed', KAFKA_BROKERS: broker.brokers, TEMPORAL_ADDRESS: temporalServer.address },
    });
    const { db } = stack;
    const services = (['case-api', 'case-worker', 'notification', 'reporting'] as const).map((n) =>
      stack!.service(n),
    );
    const ctx: BenchContext = {
      temporal: stack.temporal,
      temporalAddress: stack.env['TEMPORAL_ADDRESS']!,
      caseTaskQueue: stack.env['TEMPORAL_TASK_QUEUE']!,
      apiUrl: stack.service('case-api').url,
      db,
      services,
      log,
      runId: stack.runId,
    };

    log(`B: ${scale.bareWorkflows} bare workflows, ${scale.bareConcurrency} at a time…`);
    const baseline = await measureBaseline(ctx, scale.bareWorkflows, scale.bareConcurrency);
    log(
      `B = ${baseline.perSecond.toFixed(1)} workflows/s, ${baseline.transitionsPerWorkflow} state transitions each`,
    );

    log('R3: ladder of open-loop rates…');
    const throughput = await measureThroughput(ctx, {
      ladder: scale.ladder,
      stepS: scale.stepS,
      sustainS: scale.sustainS,
      sustainAttempts: scale.sustainAttempts,
      onSpotShare: ON_SPOT_SHARE,
      graceS: scale.graceS,
    });
    const r1 =
      (throughput.casesPerSecond * throughput.transitions.perCase) /
      (baseline.perSecond * baseline.transitionsPerWorkflow);

    log(`R4: latency at 70 % of R3 (${(0.7 * throughput.casesPerSecond).toFixed(2)}/s)…`);
    const latency = await measureLatency(ctx, throughput.casesPerSecond, scale.latencyS, ON_SPOT_SHARE);

    log('R7: event lag outbox → reporting…');
    const lag = await measureEventLag(ctx, 60);
    log(`R7: broker outage of ${scale.outageS} s under load…`);
    const outage = await measureOutage(ctx, broker, {
      outageS: scale.outageS,
      rate: scale.outageRate,
      drainLimitS: scale.drainLimitS,
    });

    const lateness: LatenessResult[] = [];
    let pendingIds: string[] = [];
    for (const level of scale.pending) {
      log(`R5: bringing pending deadlines to ${level}…`);
      pendingIds = pendingIds.concat(
        await startPendingCases(ctx, level - pendingIds.length, pendingIds.length),
      );
      const measured = await measureLateness(ctx, level, scale.probeRate, scale.probeS);
      log(
        `R5 with ${level} pending: p99 ${measured.latenessMs.p99} ms over ${measured.deadlinesFired} deadlines`,
      );
      lateness.push(measured);
    }
    const rss = residentSetSizes(services);

    log(`R6: escalation storm of ${scale.storm} claim windows…`);
    // The storm is the longest step of a full run; if it breaks, the numbers already taken are
    // still written, with the reason in its row.
    const storm: StormOutcome = await measureStorm(ctx, scale.storm).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      log(`R6 not measured: ${reason}`);
      return { notMeasured: reason };
    });

    log('cleaning up the pending cases…');
    await terminateQueue(ctx);

    const rows = buildRows({
      baseline,
      throughput,
      r1,
      latency,
      lateness,
      storm,
      lag,
      outage,
      rss,
      quick: values.quick,
      scale,
    });
    const result = {
      mode: values.quick ? 'quick' : 'full',
      startedAt: new Date(began).toISOString(),
      elapsedS: (Date.now() - began) / 1000,
      machine,
      loadAverageAtEnd: loadavg(),
      freeMemoryAtEndBytes: freemem(),
      scale,
      baseline,
      r1,
      throughput,
      latency,
      lateness,
      storm,
      eventLag: lag,
      outage,
      residentSetSizeBytes: rss,
      rows,
    };
    const stamp = new Date(began).toISOString().replace(/[:.]/g, '-');
    const files = writeResults(
      values.out,
      stamp,
      result,
      rows,
      {
        ladder: throughput.ladder,
        latency,
        lateness: lateness.map((l) => ({
          label: `${l.pending} pending`,
          p99: l.latenessMs.p99,
          goal: l.pending > 10_000 ? 5_000 : 1_000,
        })),
        ratios: [
          { label: 'R1 efficiency', value: Number.isFinite(r1) ? r1 : null, goal: 0.8 },
          {
            label: 'R6 storm ÷ bare',
            value: 'ratio' in storm && Number.isFinite(storm.ratio) ? storm.ratio : null,
            goal: 1.25,
          },
        ],
        rss,
      },
      machine,
    );
    console.log(formatTable(rows));
    console.log(`\n${formatMarkdown(rows, machine)}\n`);
    console.log(`wrote ${files.json}\n      ${files.html}\n(${((Date.now() - began) / 1000).toFixed(0)} s)`);
  } finally {
    await stack?.stop().catch((error: unknown) => log(`stopping the stack: ${String(error)}`));
    await broker.remove();
    await temporalServer.stop();
    for (const suffix of ['', '-wal', '-shm', '.server.log']) rmSync(`${temporalDb}${suffix}`, { force: true });
  }
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

function buildRows(r: {
  baseline: Awaited<ReturnType<typeof measureBaseline>>;
  throughput: Awaited<ReturnType<typeof measureThroughput>>;
  r1: number;
  latency: Awaited<ReturnType<typeof measureLatency>>;
  lateness: LatenessResult[];
  storm: StormOutcome;
  lag: Awaited<ReturnType<typeof measureEventLag>>;
  outage: Awaited<ReturnType<typeof measureOutage>>;
  rss: Record<string, number | null>;
  quick: boolean;
  scale: (typeof scales)['full'];
}): Row[] {
  const tried = r.throughput.sustainAttempts
    .filter((a) => !a.passed)
    .map((a) => `${a.rate}/s: ${a.failures} failures of ${a.offered}`);
  const held = r.throughput.sustained
    ? `${r.throughput.sustained.rate}/s held ${r.throughput.sustained.durationS} s${tried.length ? `; failed at ${tried.join(', ')}` : ''}`
    : r.quick
      ? `best of ${r.scale.stepS} s steps`
      : `no rate held ${r.scale.sustainS} s${tried.length ? ` (${tried.join(', ')})` : ''}`;
  const rows: Row[] = [
    {
      id: 'B',
      measure: 'bare workflows/s (one no-op activity)',
      value: fmt(r.baseline.perSecond),
      goal: 'ceiling',
      met: null,
    },
    {
      id: 'R1',
      measure: 'efficiency (cases/s × transitions) ÷ (B × transitions)',
      value: fmt(r.r1, 2),
      goal: '≥ 0.8',
      met: Number.isFinite(r.r1) ? r.r1 >= 0.8 : null,
    },
    {
      id: 'R2',
      measure: `state transitions per case (${Math.round(ON_SPOT_SHARE * 100)} % on the spot ${fmt(r.throughput.transitions.onSpot, 0)}, full loop ${fmt(r.throughput.transitions.fullLoop, 0)}; bare ${fmt(r.baseline.transitionsPerWorkflow, 0)})`,
      value: fmt(r.throughput.transitions.perCase),
      goal: 'regression guard',
      met: null,
    },
    {
      id: 'R3',
      measure: `sustained completed cases/s, zero failures (${held})`,
      value: fmt(r.throughput.casesPerSecond, 2),
      goal: '≥ 20/s over 10 min',
      met: r.quick ? null : r.throughput.casesPerSecond >= 20,
    },
    {
      id: 'R4',
      measure: `write p99 at ${fmt(r.latency.rate, 2)}/s (${r.latency.failures} failures)`,
      value: `${fmt(r.latency.writes.p99)} ms`,
      goal: '≤ 150 ms',
      met: r.latency.writes.p99 === null ? null : r.latency.writes.p99 <= 150,
    },
    {
      id: 'R4',
      measure: `read p99 at ${fmt(r.latency.rate, 2)}/s`,
      value: `${fmt(r.latency.reads.p99)} ms`,
      goal: '≤ 30 ms',
      met: r.latency.reads.p99 === null ? null : r.latency.reads.p99 <= 30,
    },
    ...r.lateness.map((l) => {
      const goal = l.pending > 10_000 ? 5_000 : 1_000;
      return {
        id: 'R5',
        measure: `deadline lateness p99, ${l.pending} pending (${l.deadlinesFired} fired)`,
        value: `${fmt(l.latenessMs.p99, 0)} ms`,
        goal: `≤ ${goal / 1000} s`,
        met: l.latenessMs.p99 === null ? null : l.latenessMs.p99 <= goal,
      };
    }),
    'notMeasured' in r.storm
      ? { id: 'R6', measure: `escalation storm: not measured (${r.storm.notMeasured})`, value: '—', goal: '≤ 1.25', met: null }
      : {
          id: 'R6',
          measure: `storm of ${r.storm.deadlines} on ${r.storm.dueInstants} instant(s): drain ${fmt(r.storm.casesDrainS, 2)} s vs bare ${fmt(r.storm.bareDrainS, 2)} s`,
          value: fmt(r.storm.ratio, 2),
          goal: '≤ 1.25',
          met: Number.isFinite(r.storm.ratio) ? r.storm.ratio <= 1.25 : null,
        },
    {
      id: 'R7',
      measure: `event lag outbox → reporting p99 (${r.lag.events} events, ${r.lag.notYetApplied} not applied)`,
      value: `${fmt(r.lag.lagMs.p99, 0)} ms`,
      goal: '≤ 1 s',
      met: r.lag.lagMs.p99 === null ? null : r.lag.lagMs.p99 <= 1000 && r.lag.notYetApplied === 0,
    },
    {
      id: 'R7',
      measure: `backlog drain after a ${r.outage.outageS} s broker outage (${r.outage.backlogAtReturn} events; ${r.outage.raisedDuringOutage} cases accepted, ${r.outage.refusedDuringOutage} refused meanwhile)`,
      value: r.outage.drainS === null ? 'not drained' : `${fmt(r.outage.drainS)} s`,
      goal: '≤ 60 s, none refused',
      met: r.outage.drainS !== null && r.outage.drainS <= 60 && r.outage.refusedDuringOutage === 0,
    },
    ...Object.entries(r.rss).map(([name, bytes]) => ({
      id: 'RSS',
      measure: `${name}, ${r.lateness[r.lateness.length - 1]?.pending ?? 0} open cases`,
      value: bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`,
      goal: 'reported',
      met: null,
    })),
  ];
  return rows;
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
