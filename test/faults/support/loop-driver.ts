import { ApiClient, type Person } from '../../simulator/api-client';

/** 登凤村's people: they can take a case in 来凤街道 all the way round the loop. */
export const people = {
  secretary: { id: 'dengfeng-secretary', role: 'village-secretary' },
  triage: { id: 'laifeng-secretary', role: 'town-triage' },
  handler: { id: 'power-supply-handler-1', role: 'department-handler' },
  resident: { id: 'resident-dengfeng-1', role: 'resident' },
  admin: { id: 'admin', role: 'admin' },
} as const satisfies Record<string, Person>;

export const caseBody = (resolvedOnSpot: boolean, note = '') => ({
  category: '线路整治',
  description: `电力和网络线路杂乱,存在安全隐患 ${note}`.trim(),
  complexity: 'simple',
  channel: 'meeting',
  location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
  reporterIds: [people.resident.id],
  ...(resolvedOnSpot ? { resolvedOnSpot: { summary: '现场解决' } } : {}),
});

/** The next step of the loop for a case in each status, and who takes it. */
const nextStep: Record<string, { person: Person; action: string; body: object } | undefined> = {
  inLedger: { person: people.triage, action: 'triageCase', body: { route: 'district' } },
  published: { person: people.handler, action: 'claimCase', body: {} },
  claimed: {
    person: people.handler,
    action: 'submitHandlingPlan',
    body: { plan: '更换线路', responsibility: { unit: '供电所', personName: '经办人' } },
  },
  handling: { person: people.handler, action: 'reportResult', body: { summary: '已规范安装' } },
  resultReported: { person: people.secretary, action: 'giveFeedback', body: {} },
  awaitingRating: { person: people.resident, action: 'rateCase', body: { rating: 'satisfied' } },
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Raises a case and drives it to its end state through the API, whatever happens meanwhile. It
 * reads the case and sends the step its status calls for; a failed or ambiguous answer (no
 * answer, 5xx, a 409 because the step was in fact applied before the answer was lost) is resolved
 * by reading again. Every POST carries an Idempotency-Key, so a retry never acts twice.
 */
export async function raiseAndDrive(
  api: ApiClient,
  key: string,
  fullLoop: boolean,
  limitMs: number,
): Promise<{ id: string; status: string }> {
  const deadline = Date.now() + limitMs;
  let raised = await api.post(people.secretary, '/cases', 'raiseCase', caseBody(!fullLoop, key), key);
  while (raised.status !== 201) {
    // A raise whose first attempt died with the API keeps its key claimed until the claim counts as
    // abandoned: the API answers 409 "still being processed; retry shortly", and the driver does.
    const claimed = raised.status === 409 && /idempotency/.test(String(raised.body?.type));
    if (Date.now() > deadline || (raised.status >= 400 && raised.status < 500 && !claimed))
      throw new Error(`raising ${key} answered ${raised.status}: ${JSON.stringify(raised.body)}`);
    await pause(claimed ? 2_000 : 500);
    raised = await api.post(people.secretary, '/cases', 'raiseCase', caseBody(!fullLoop, key), key);
  }
  const id = raised.body.id as string;
  let step = 0;
  // Read-your-writes: each read waits for the driver's own last action to be recorded.
  let ownSeq = 0;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`case ${id} did not reach its end state in ${limitMs} ms`);
    const read = await api.get(people.admin, `/cases/${id}?minSeq=${ownSeq}`, 'getCase');
    if (read.status !== 200) {
      await pause(300);
      continue;
    }
    const status = read.body.status as string;
    if (status === 'closed') return { id, status };
    const next = nextStep[status];
    if (!next) throw new Error(`case ${id} is in status '${status}', which the driver cannot move on`);
    const answer = await api.post(
      next.person,
      `/cases/${id}/actions/${next.action}`,
      next.action,
      next.body,
      `${id}-${next.action}-${step}`,
    );
    step += 1;
    if (answer.status === 200) ownSeq = Math.max(ownSeq, Number(answer.body.eventSeq) || 0);
    else await pause(answer.status === 409 ? 200 : 500);
  }
}

export function faultsApi(baseUrl: string): ApiClient {
  // Many retries with the same key: the stack is being broken on purpose while the cases run.
  return new ApiClient(baseUrl, 60_000, 40);
}
