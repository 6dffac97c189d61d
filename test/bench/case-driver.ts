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

export type CaseKind = 'onSpot' | 'fullLoop';

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
  sendLagMs: LatencySummary;
  ids: Record<CaseKind, string[]>;
}

/**
 * Raises cases at a fixed rate (open loop) and drives each straight to its end state through the
 * API, no waiting between steps: `onSpotShare` of them resolved on the spot (one POST, the workflow
 * closes at once), the rest through the whole district loop — raise, triage to the district, claim,
 * handling plan, result, feedback, a satisfied rating (seven POSTs). After the case closes, one
 * GET of the case; every fifth case also one ledger page. Any answer other than success is a
 * failure, except a 404 right after raising (the read model catching up), which is retried.
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
  let closed = 0;
  let failedCases = 0;
  let lastClosedAt = 0;
  const began = performance.now();
  const cases: Promise<void>[] = [];

  const act = async (id: string, person: Person, action: string, body: object): Promise<ApiAnswer> => {
    let answer: ApiAnswer = { status: 0, body: undefined };
    for (let attempt = 0; attempt < 10; attempt += 1) {
      answer = await api.post(person, `/cases/${id}/actions/${action}`, action, body);
      if (answer.status !== 404) break;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
    if (answer.status !== 200) throw new StepFailed(action, answer.status);
    return answer;
  };

  const one = async (index: number) => {
    // Spread evenly rather than drawn, so that even a short step has both kinds in the right share.
    const loopShare = 1 - options.onSpotShare;
    const onSpot = Math.floor((index + 1) * loopShare) === Math.floor(index * loopShare);
    try {
      const raised = await api.post(loopPeople.secretary, '/cases', 'raiseCase', raiseBody(onSpot));
      if (raised.status !== 201) throw new StepFailed('raiseCase', raised.status);
      const id = raised.body.id as string;
      let status = raised.body.status as string;
      if (!onSpot) {
        await act(id, loopPeople.triage, 'triageCase', { route: 'district' });
        await act(id, loopPeople.handler, 'claimCase', {});
        await act(id, loopPeople.handler, 'submitHandlingPlan', {
          plan: '更换线路',
          responsibility: { unit: '供电所', personName: '经办人' },
        });
        await act(id, loopPeople.handler, 'reportResult', { summary: '已规范安装' });
        await act(id, loopPeople.secretary, 'giveFeedback', {});
        status = (await act(id, loopPeople.resident, 'rateCase', { rating: 'satisfied' })).body.view
          .status as string;
      }
      if (status !== 'closed') throw new StepFailed('notClosed', status);
      closed += 1;
      lastClosedAt = performance.now();
      ids[onSpot ? 'onSpot' : 'fullLoop'].push(id);
      // A case closed on the spot answers before its read model is written: a 404 then is the
      // read model catching up, and the read is tried again.
      let read = await api.get(loopPeople.secretary, `/cases/${id}`, 'getCase');
      for (let attempt = 0; read.status === 404 && attempt < 10; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
        read = await api.get(loopPeople.secretary, `/cases/${id}`, 'getCase');
      }
      if (read.status !== 200) api.countError('getCase', read.status);
      if (index % 5 === 0) {
        const page = await api.get(loopPeople.secretary, '/cases?villageId=dengfeng&limit=20', 'listCases');
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
    },
    spanS,
    completedPerS: closed / Math.max(spanS, 1e-9),
    writes: api.writes.summary(),
    reads: api.reads.summary(),
    sendLagMs: summarise(lags),
    ids,
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
