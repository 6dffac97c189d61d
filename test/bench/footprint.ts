import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workspaceRoot } from '@bishan/config';
import { caseWorkflowType, triageCaseUpdate, type CaseActivities } from '@bishan/contracts';
import { keepWorkerHeapsCompact, prebuiltWorkflowBundle, workflowSpanSinks } from '@bishan/service-runtime';
import { departmentsNamed, directoryFor, packageCalendarData } from '@bishan/domain';
import { freePort, startTemporalDevServer } from '@bishan/testing';
import { actors, directory, raiseCommand } from '../../libs/domain/src/test-support/org-fixture';
import { inBatches } from './history';
import { kib, mib } from './report';

/**
 * What one open case costs the worker, apart from the database: N cases raised and triaged with
 * update-with-start against the real workflow bundle, with activities that record nothing, on a
 * throwaway Temporal server. Prints cases/s, the worker process's CPU per case and how much its
 * resident set grew per case (every case stays open, waiting on its claim window, and cached unless
 * `--cache` is smaller).
 *
 * With `--cache N` the worker keeps at most N cases in its sticky cache (as the case worker's
 * TEMPORAL_MAX_CACHED_WORKFLOWS does): the resident set, printed after every tenth of the cases,
 * then shows whether anything but the cache grows with the number of open cases.
 *
 *   npm run bench:footprint -- --cases 2000
 *   npm run bench:footprint -- --cases 5000 --cache 1000
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '2000' },
      'in-flight': { type: 'string', default: '64' },
      cache: { type: 'string' },
    },
  });
  const cases = Number(values.cases);
  const inFlight = Number(values['in-flight']);
  // By default a cache as large as the run, so that every case stays in memory and is counted.
  const cache = values.cache === undefined ? cases + 100 : Number(values.cache);
  if (!Number.isInteger(cache) || cache < 0) throw new Error(`--cache must be a whole number, not "${values.cache}"`);
  if (!Number.isInteger(cases) || cases < 1) throw new Error(`--cases must be a positive whole number, not "${values.cases}"`);
  if (!Number.isInteger(inFlight) || inFlight < 1)
    throw new Error(`--in-flight must be a positive whole number, not "${values['in-flight']}"`);

  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startTemporalDevServer({
    port: await freePort(),
    dbFile: path.join(workspaceRoot(), '.local/test-data', `footprint-temporal-${randomUUID()}.db`),
  });
  // The case worker's own bundle (built once per version of the workflow code): building it here
  // would leave webpack's memory in the resident set this tool reports.
  const { workflowBundle } = await prebuiltWorkflowBundle();
  const activities: CaseActivities = {
    recordCaseEvents: async ({ events }) => ({ recorded: events.length }),
    loadDirectory: async (scope) => directoryFor(directory, scope),
    loadDepartments: async (ids) => departmentsNamed(directory, ids),
    loadWorkingCalendar: async () => packageCalendarData,
  };
  const taskQueue = `footprint-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: server.address });
  // As the case worker does: the resident set reported is the one it would have.
  keepWorkerHeapsCompact();
  const worker = await Worker.create({ connection, taskQueue, workflowBundle, activities, maxCachedWorkflows: cache, sinks: workflowSpanSinks() });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  try {
    const rssBefore = process.memoryUsage().rss;
    process.stderr.write(`0 open (cache ${cache}): resident set ${mib(rssBefore)}\n`);
    const cpuBefore = process.cpuUsage();
    const began = performance.now();
    const tenth = Math.max(1, Math.ceil(cases / 10));
    for (let from = 0; from < cases; from += tenth) {
      await inBatches(
        Array.from({ length: Math.min(tenth, cases - from) }, (_, i) => `footprint-${from + i}`),
        inFlight,
        async (caseId) =>
          client.workflow.executeUpdateWithStart(triageCaseUpdate, {
            args: [{ type: 'triageCase', actor: actors.laifengTriage, route: 'district' }],
            startWorkflowOperation: new WithStartWorkflowOperation(caseWorkflowType, {
              workflowId: caseId,
              taskQueue,
              args: [{ caseId, raise: { ...raiseCommand(), caseId, policyVersion: '2025.1' } }],
              workflowIdConflictPolicy: 'FAIL',
            }),
          }),
      );
      const open = Math.min(from + tenth, cases);
      const { rss, heapUsed } = process.memoryUsage();
      process.stderr.write(
        `${open} open (cache ${cache}): resident set ${mib(rss)}, heap used ${mib(heapUsed)}\n`,
      );
    }
    const seconds = (performance.now() - began) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    process.stdout.write(
      [
        `${cases} cases raised and triaged in ${seconds.toFixed(1)} s: ${(cases / seconds).toFixed(1)}/s`,
        `worker process CPU (client included): ${((cpu.user + cpu.system) / 1000 / cases).toFixed(1)} ms per case`,
        `resident set growth: ${mib(rssGrowth)}, ${kib(rssGrowth / cases)} per open case`,
        '',
      ].join('\n'),
    );
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await client.connection.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
