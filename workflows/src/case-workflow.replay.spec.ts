import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowSpanSinks } from '@bishan/service-runtime';
import { HISTORIES_DIR, bundleCaseWorkflow } from './test-support/case-workflow-env';
import { historyFromJson } from './test-support/history-json';

const FIXTURES = path.resolve(__dirname, '../test/fixtures');

/** Every saved history, including those kept in subfolders from before a patched change. */
function savedHistories(dir = HISTORIES_DIR): { name: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return savedHistories(file);
      return entry.name.endsWith('.json') ? [{ name: path.relative(HISTORIES_DIR, file), file }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

const load = (file: string) => historyFromJson(readFileSync(file, 'utf8'));

// Recorded from real runs (RECORD_HISTORIES=1, see workflows/README.md); replayed against the code as
// it is now, so a change to the workflow's steps that would break running cases fails here.
describe('caseWorkflow replays its saved histories', () => {
  const histories = savedHistories();
  let current: WorkflowBundleWithSourceMap;
  let changed: WorkflowBundleWithSourceMap;
  let guarded: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    [current, changed, guarded] = await Promise.all([
      bundleCaseWorkflow(),
      bundleCaseWorkflow(path.join(FIXTURES, 'changed-case-workflow.ts')),
      bundleCaseWorkflow(path.join(FIXTURES, 'patched-case-workflow.ts')),
    ]);
  });

  it('has histories of several paths, with escalation timers and a continue-as-new among them', () => {
    const names = histories.map((h) => h.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'resolved-on-spot.json',
        'unclaimed-escalated-late-claim.json',
        'overdue-escalated-to-top.json',
        'continue-as-new-first-run.json',
        'continue-as-new-second-run.json',
      ]),
    );
    const events = (name: string) => load(path.join(HISTORIES_DIR, name)).events ?? [];
    expect(events('overdue-escalated-to-top.json').filter((e) => e.timerFiredEventAttributes).length).toBeGreaterThanOrEqual(4);
    expect(events('continue-as-new-first-run.json').at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(events('continue-as-new-second-run.json')[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
    for (const { name, file } of histories) {
      expect([name, readFileSync(file).length < 200_000]).toEqual([name, true]);
    }
  });

  // The bundles hold the OpenTelemetry workflow interceptors, as the case worker's does: a history
  // recorded before (or without) them replays, so they add spans and never a command.
  it('replays with the OpenTelemetry workflow interceptors in the bundle', () => {
    expect(current.code).toContain('OpenTelemetryInboundInterceptor');
  });

  it('replays every saved history without a determinism error', async () => {
    const results: [string, string | undefined][] = [];
    const replay = Worker.runReplayHistories(
      { workflowBundle: current, sinks: workflowSpanSinks() },
      histories.map(({ name, file }) => ({ workflowId: name, history: load(file) })),
    );
    for await (const result of replay) results.push([result.workflowId, result.error?.message]);
    expect(results).toEqual(histories.map(({ name }) => [name, undefined]));
  });

  it('fails with DeterminismViolationError when the workflow changes its steps unguarded', async () => {
    const [history] = histories.filter((h) => h.name === 'unclaimed-escalated-late-claim.json');
    const replay = Worker.runReplayHistory({ workflowBundle: changed, sinks: workflowSpanSinks() }, load(history!.file), history!.name);
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/nondeterminism/i);
  });

  it('replays the same change guarded by patched()', async () => {
    const [history] = histories.filter((h) => h.name === 'unclaimed-escalated-late-claim.json');
    await expect(Worker.runReplayHistory({ workflowBundle: guarded, sinks: workflowSpanSinks() }, load(history!.file), history!.name)).resolves.toBeUndefined();
  });
});
