import { ApiClient, type ApiAnswer, type Person } from '../simulator/api-client';
import { summarise, type LatencySummary } from '../simulator/latency';

/** The people of 登凤村's loop (all in 来凤街道, with a resident account to rate). */
export const loopPeople = {
  secretary: { id: 'dengfeng-secretary', role: 'village-secretary' },
  triage: { id: 'laifeng-secretary', role: 'town-triage' },
  handler: { id: 'power-supply-handler-1', role: 'department-handler' },
  resident: { id: 'resident-dengfeng-1', role: 'resident' },
} as const satisfies Record<string, Person>;

export const raiseBody = (resolvedOnSpot: boolean) => ({
  category: '线路整治',
  description: '电力和网络线路杂乱,存在安全隐患,能否规范安装?',
  complexity: 'simple',
  channel: 'meeting',
  location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
  reporterIds: [loopPeople.resident.id],
  ...(resolvedOnSpot ? { resolvedOnSpot: { summary: '现场协调解决' } } : {}),
});

/** A full loop after its raise: who takes each step, in order, and what they send. */
const fullLoopSteps: readonly (readonly [Person, string, object])[] = [
  [loopPeople.triage, 'triageCase', { route: 'district' }],
  [loopPeople.handler, 'claimCase', {}],
  [
    loopPeople.handler,
    'submitHandlingPlan',
    { plan: '更换线路', responsibility: { unit: '供电所', personName: '经办人' } },
  ],
  [loopPeople.handler, 'reportResult', { summary: '已规范安装' }],
  [loopPeople.secretary, 'giveFeedback', {}],
  [loopPeople.resident, 'rateCase', { rating: 'satisfied' }],
];

export type CaseKind = 'onSpot' | 'fullLoop';

/**
 * Whether case `index` of a run goes round the full loop: spread evenly rather than drawn, so that
 * even a short step has both kinds in the right share — with 90 % on the spot, cases 9, 19, 29…
 * The share is rounded to millionths first: 1 − 0.9 is 0.09999999999999998 in floating point, which
 * put the first full loop at case 10 and only 9 of them in the first 100.
 */
export function isFullLoop(index: number, onSpotShare: number): boolean {
  const perMillion = Math.round((1 - onSpotShare) * 1_000_000);
  return Math.floor(((index + 1) * perMillion) / 1_000_000) > Math.floor((index * perMillion) / 1_000_000);
}

/**
 * The steady phase's load: 70 % of R3, at least 0.5/s, for `durationS` — or longer, so that it
 * offers at least `minCases` (with the mix spread evenly, 20 cases at 90 % on the spot hold two
 * full loops; a phase of a handful of cases would have none, and nothing to read after an action).
 */
export function steadyPlan(
  r3: number,
  durationS: number,
  minCases = 20,
): { rate: number; durationS: number } {
  const rate = Math.max(0.5, 0.7 * (Number.isFinite(r3) ? r3 : 0));
  return { rate, durationS: Math.max(durationS, Math.ceil(minCases / rate)) };
}

/**
 * Where R3's holds begin: 80 % of what the ladder's best passing step completed, rounded down, at least
 * 1/s. A 60-second step passes with a backlog its grace time absorbs: the load parts of 2026-12-07 that
 * held at 98–101 % of that step's completed rate failed their first hold four times (09:36, 10:51, 13:39,
 * 16:13) and passed it once (07:32), and the holds after a failed one were taken on a stack that had
 * just been overloaded (16:13: 24, 23, 21 and 18/s all failed). Holds now begin below and climb
 * (nextHoldRate), so a hold that passes has as few failed ones before it as the search allows.
 */
export function firstHoldRate(best: { rate: number; completedPerS: number }): number {
  return Math.max(1, Math.min(Math.floor(0.8 * best.completedPerS), best.rate));
}

/** A hold of R3's search: its rate, whether it passed, and what a failed one managed. */
export interface HoldOutcome {
  rate: number;
  passed: boolean;
  completedPerS: number;
  closed: number;
  offered: number;
}

/**
 * The next rate to hold, or undefined when the search has settled. Bounds: the highest rate held so far
 * (below) and one under the lowest that failed, never above `ceiling` (the ladder's best passing step:
 * ten minutes take no more than sixty seconds did). With a hold passed, the next is halfway up to the
 * upper bound (rounded up), and the search ends when no rate lies between; with none passed yet, the
 * next is what the last failed hold managed (nextSustainRate), always lower, and ends at 1/s.
 */
export function nextHoldRate(holds: readonly HoldOutcome[], ceiling: number): number | undefined {
  const last = holds[holds.length - 1];
  if (!last) return undefined;
  const passedRates = holds.filter((h) => h.passed).map((h) => h.rate);
  const failedRates = holds.filter((h) => !h.passed).map((h) => h.rate);
  const upper = Math.min(ceiling, ...failedRates.map((rate) => rate - 1));
  if (passedRates.length > 0) {
    const lower = Math.max(...passedRates);
    return lower >= upper ? undefined : Math.ceil((lower + upper) / 2);
  }
  return last.rate > 1 ? Math.min(nextSustainRate(last), upper) : undefined;
}

/**
 * How long after a hold's last send its last case may close for the hold to count as kept up: a full
 * loop takes about a second at R4's latencies, while a backlog that grew through ten minutes leaves
 * its last cases tens of seconds late (each is still in time for the grace period).
 */
export const HOLD_TAIL_LIMIT_S = 5;

/**
 * Whether the stack kept pace with a hold to its end: its last case closed within HOLD_TAIL_LIMIT_S
 * of the end of sending. A hold that passes so held its offered rate, which is then R3: its completed
 * cases per second, counted from the first send to the last close, fall short of the rate by that
 * tail alone (20/s for 600 s: 12,000 in 600.3 s, 19.99/s).
 */
export function keptPace(hold: { spanS: number; durationS: number }): boolean {
  return holdTailS(hold) <= HOLD_TAIL_LIMIT_S;
}

/** Seconds from the end of a hold's sending to its last closing answer. */
export function holdTailS(hold: { spanS: number; durationS: number }): number {
  return hold.spanS - hold.durationS;
}

/**
 * The next rate to hold after a sustained attempt failed: what the stack completed per second under
 * that load, scaled by the share of its cases that closed, rounded down — or 85 % of the rate if it
 * completed at least the rate — so each attempt is lower than the one before, and the second lands
 * near the stack's real capacity rather than on the ladder's next rung down. The scaling: a case that
 * failed (its triage unanswered while first workflow tasks queued up) stopped there and left the rest
 * of its loop undone, so the hold completed its rate on less work than the rate asks; taken as it
 * stands, 25/s completing 23.71 led to 23/s (22.10), then 22/s (21.19), all three over capacity. At
 * least 1/s.
 */
export function nextSustainRate(failed: {
  rate: number;
  completedPerS: number;
  closed: number;
  offered: number;
}): number {
  const closedShare = failed.offered > 0 ? Math.min(1, failed.closed / failed.offered) : 1;
  const managed = Math.floor(failed.completedPerS * closedShare);
  const next = failed.completedPerS < failed.rate ? managed : Math.floor(0.85 * failed.rate);
  return Math.max(1, Math.min(next, failed.rate - 1));
}

/** A write of the driver's own, as its answer described it. */
export type OwnWrite = { after: 'raise'; status: string } | { after: 'action'; eventSeq: number };

/**
 * How a read of the case right after one's own write answered: `fresh` shows the write; `notFound`
 * (404) and `stale` (a 200 that does not show it) break read-your-writes; `error` is any other answer.
 * After an action, stale means `lastEventSeq` below the action's `eventSeq`. The raise's answer
 * carries no sequence number: stale then means no event recorded yet, or a status other than the
 * one the raise answered (a case resolved on the spot answers `closed`).
 */
export function judgeOwnRead(write: OwnWrite, read: ApiAnswer): 'fresh' | 'notFound' | 'stale' | 'error' {
  if (read.status === 404) return 'notFound';
  if (read.status !== 200) return 'error';
  const seq = Number(read.body?.lastEventSeq);
  if (!Number.isFinite(seq)) return 'stale';
  if (write.after === 'action') return seq >= write.eventSeq ? 'fresh' : 'stale';
  return seq >= 1 && read.body?.status === write.status ? 'fresh' : 'stale';
}

/** Reads of one's own write (GET /cases/:id at once after it): how many, and how many broke read-your-writes. */
export interface ReadYourWrites {
  reads: number;
  notFound: number;
  stale: number;
  /** The same, for reads right after a raise (201) and right after an action (200). */
  afterRaise: { reads: number; notFound: number; stale: number };
  afterAction: { reads: number; notFound: number; stale: number };
}

export const noReadYourWrites = (): ReadYourWrites => ({
  reads: 0,
  notFound: 0,
  stale: 0,
  afterRaise: { reads: 0, notFound: 0, stale: 0 },
  afterAction: { reads: 0, notFound: 0, stale: 0 },
});

export interface DriveResult {
  rate: number;
  durationS: number;
  offered: number;
  closed: number;
  failures: number;
  failureKinds: Record<string, number>;
  /** From the first arrival to the last closing answer. */
  spanS: number;
  completedPerS: number;
  writes: LatencySummary;
  reads: LatencySummary;
  /** Every operation's latency apart: the reads by kind (READ_AFTER_RAISE, READ_AFTER_ACTION, READ_LEDGER_PAGE), each write by action. */
  byOperation: Record<string, LatencySummary>;
  sendLagMs: LatencySummary;
  readYourWrites: ReadYourWrites;
  /** Closed cases by kind (for sampling their histories). */
  ids: Record<CaseKind, string[]>;
  /** Every case the API accepted, closed or not. */
  raisedIds: string[];
}

/** The operation names of the driver's reads. */
export const READ_AFTER_RAISE = 'getCase after raise';
export const READ_AFTER_ACTION = 'getCase after action';
export const READ_LEDGER_PAGE = 'listCases';

/**
 * Raises cases at a fixed rate (open loop) and drives each straight to its end state through the
 * API, no waiting between steps: `onSpotShare` of them resolved on the spot (one POST, the workflow
 * closes at once), the rest through the whole district loop — raise, triage to the district, claim,
 * handling plan, result, feedback, a satisfied rating (seven POSTs). Every write is followed at once
 * by a GET of the case, judged for read-your-writes (judgeOwnRead); a read that does not show the
 * write yet is asked again (up to about 5 s) and, if it never does, is a failure. Every fifth case
 * also reads one ledger page. Any answer other than success is a failure, except a 404 to an action
 * right after the previous write, which is retried (and counted in `failureKinds` as `retried 404`).
 * A case not closed when the grace time ends counts as `unfinished` and takes no further step.
 */
export async function driveCases(options: {
  baseUrl: string;
  rate: number;
  durationS: number;
  onSpotShare: number;
  graceS: number;
}): Promise<DriveResult> {
  const api = new ApiClient(options.baseUrl, 30_000, 0);
  for (const person of Object.values(loopPeople)) await api.token(person);
  const total = Math.max(1, Math.round(options.rate * options.durationS));
  const interval = 1000 / options.rate;
  const lags: number[] = [];
  const ids: Record<CaseKind, string[]> = { onSpot: [], fullLoop: [] };
  const raisedIds: string[] = [];
  const ryw = noReadYourWrites();
  const retried404 = { count: 0 };
  let closed = 0;
  let failedCases = 0;
  let lastClosedAt = 0;
  // Set when the grace time is over: cases still in flight take no further step, so that a run's
  // leftovers do not load the stack under the next run.
  let abandoned = false;
  const began = performance.now();
  const cases: Promise<void>[] = [];

  const act = async (id: string, person: Person, action: string, body: object): Promise<ApiAnswer> => {
    let answer: ApiAnswer = { status: 0, body: undefined };
    for (let attempt = 0; attempt < 10; attempt += 1) {
      answer = await api.post(person, `/cases/${id}/actions/${action}`, action, body);
      if (answer.status !== 404) break;
      retried404.count += 1;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
    if (answer.status !== 200) throw new StepFailed(action, answer.status);
    return answer;
  };

  /**
   * GET the case at once after one's own write, as the writer (a resident's view has no sequence
   * number: the village secretary reads for the resident); count a read that does not show the
   * write, then wait for one that does.
   */
  const readOwnWrite = async (id: string, writer: Person, write: OwnWrite, step: string): Promise<void> => {
    const reader = writer.role === 'resident' ? loopPeople.secretary : writer;
    // As the console reads after an action: "at least my event"; the API waits briefly for it (get-case.handler).
    const headers: Record<string, string> =
      write.after === 'action' && Number.isSafeInteger(write.eventSeq)
        ? { 'x-min-event-seq': String(write.eventSeq) }
        : {};
    // Named apart so that the bench can tell the reads that wait for a recording from those that do not.
    const operation = write.after === 'raise' ? READ_AFTER_RAISE : READ_AFTER_ACTION;
    let read = await api.get(reader, `/cases/${id}`, operation, headers);
    let verdict = judgeOwnRead(write, read);
    const tally = write.after === 'raise' ? ryw.afterRaise : ryw.afterAction;
    ryw.reads += 1;
    tally.reads += 1;
    if (verdict === 'notFound' || verdict === 'stale') {
      ryw[verdict] += 1;
      tally[verdict] += 1;
    }
    for (
      let attempt = 0;
      (verdict === 'notFound' || verdict === 'stale') && attempt < 10 && !abandoned;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
      read = await api.get(reader, `/cases/${id}`, operation, headers);
      verdict = judgeOwnRead(write, read);
    }
    if (verdict !== 'fresh')
      api.countError(`getCase after ${step}`, verdict === 'error' ? read.status : verdict);
  };

  const one = async (index: number) => {
    const onSpot = !isFullLoop(index, options.onSpotShare);
    try {
      const raised = await api.post(loopPeople.secretary, '/cases', 'raiseCase', raiseBody(onSpot));
      if (raised.status !== 201) throw new StepFailed('raiseCase', raised.status);
      const id = raised.body.id as string;
      raisedIds.push(id);
      let status = raised.body.status as string;
      let closedAt = performance.now();
      await readOwnWrite(id, loopPeople.secretary, { after: 'raise', status }, 'raiseCase');
      if (!onSpot) {
        for (const [person, action, body] of fullLoopSteps) {
          if (abandoned) return;
          const answer = await act(id, person, action, body);
          status = answer.body.view.status as string;
          closedAt = performance.now();
          await readOwnWrite(id, person, { after: 'action', eventSeq: Number(answer.body.eventSeq) }, action);
        }
      }
      if (status !== 'closed') throw new StepFailed('notClosed', status);
      closed += 1;
      lastClosedAt = Math.max(lastClosedAt, closedAt);
      ids[onSpot ? 'onSpot' : 'fullLoop'].push(id);
      if (index % 5 === 0) {
        const page = await api.get(
          loopPeople.secretary,
          '/cases?villageId=dengfeng&limit=20',
          READ_LEDGER_PAGE,
        );
        if (page.status !== 200) api.countError('listCases', page.status);
      }
    } catch (error) {
      failedCases += 1;
      if (error instanceof StepFailed) api.countError(error.step, error.status);
      else api.countError('exception', error instanceof Error ? error.message.slice(0, 60) : String(error));
    }
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && began + next * interval <= now) {
        lags.push(now - (began + next * interval));
        cases.push(one(next));
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, began + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.race([
    Promise.all(cases),
    new Promise((resolve) => setTimeout(resolve, options.graceS * 1000)),
  ]);
  abandoned = true;
  const spanS = ((lastClosedAt || performance.now()) - began) / 1000;
  return {
    rate: options.rate,
    durationS: options.durationS,
    offered: total,
    closed,
    // Refused or broken cases, cases still unfinished after the grace time, and failed reads.
    failures: api.errorCount + (total - closed - failedCases),
    failureKinds: {
      ...Object.fromEntries(api.errors),
      ...(total - closed - failedCases > 0 ? { unfinished: total - closed - failedCases } : {}),
      ...(retried404.count > 0 ? { 'retried 404': retried404.count } : {}),
    },
    spanS,
    completedPerS: closed / Math.max(spanS, 1e-9),
    writes: api.writes.summary(),
    reads: api.reads.summary(),
    byOperation: api.operationSummaries(),
    sendLagMs: summarise(lags),
    readYourWrites: ryw,
    ids,
    raisedIds,
  };
}

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number | string,
  ) {
    super(`${step} answered ${status}`);
  }
}

/** The cases a run raised and did not see closed: failed on a step, or cut off by the grace time. */
export function leftoverIds(run: Pick<DriveResult, 'raisedIds' | 'ids'>): string[] {
  const closed = new Set([...run.ids.onSpot, ...run.ids.fullLoop]);
  return run.raisedIds.filter((id) => !closed.has(id));
}

/**
 * Drives cases a run left open to their end through the same loop, each from where it stands: the
 * step whose person is offered its action (the case's `availableActions`) is taken, the read after
 * it waiting for its event, until the case is closed or offers none of the loop's steps (`passes`
 * rounds at most, for a case whose workflow was still catching up). A run that fell behind leaves
 * hundreds of open cases with their workflows cached and their rows in every open-case query; the
 * next measurement would carry them. Its own client: none of this counts in any run's figures.
 */
export async function finishCases(options: {
  baseUrl: string;
  ids: readonly string[];
  concurrency: number;
  passes?: number;
}): Promise<{ finished: number; stillOpen: string[] }> {
  const api = new ApiClient(options.baseUrl, 30_000, 0);
  for (const person of Object.values(loopPeople)) await api.token(person);
  const finishOne = async (id: string): Promise<boolean> => {
    let minSeq = 0;
    for (let pass = 0; pass < (options.passes ?? 3); pass += 1) {
      for (const [person, action, body] of fullLoopSteps) {
        const headers: Record<string, string> = minSeq > 0 ? { 'x-min-event-seq': String(minSeq) } : {};
        const read = await api.get(person, `/cases/${id}`, 'finish: getCase', headers);
        if (read.status !== 200) continue;
        if (read.body.status === 'closed' || read.body.view?.status === 'closed') return true;
        if (!(read.body.availableActions as string[]).includes(action)) continue;
        const answer = await api.post(person, `/cases/${id}/actions/${action}`, `finish: ${action}`, body);
        if (answer.status === 200) minSeq = Number(answer.body.eventSeq) || minSeq;
      }
      const end = await api.get(loopPeople.secretary, `/cases/${id}`, 'finish: getCase', {});
      if (end.status === 200 && end.body.status === 'closed') return true;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return false;
  };
  const stillOpen: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < options.ids.length) {
      const id = options.ids[next++] as string;
      if (!(await finishOne(id))) stillOpen.push(id);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { finished: options.ids.length - stillOpen.length, stillOpen };
}
