import {
  initialState,
  type CaseCommand,
  type CaseEvent as DomainCaseEvent,
  type CaseState,
} from '@bishan/domain';
import { T0, actors, raiseCommand, run, runTimersUntil } from '../../../domain/src/test-support/org-fixture';
import { fixture2027 } from '../../../domain/src/test-support/fixture-holidays';
import { caseEventContractTypes, contractTypeOf } from './case-event-types';
import {
  caseEventDefinitions,
  createCaseEvent,
  createCaseEventFromDomain,
  parseCaseEvent,
  type CaseEvent,
} from './case-event';
import { caseEscalatedV1, caseRaisedV1 } from './v1';

/** Drives one case through the domain and keeps every event it decides, in order. */
function walk(caseId: string) {
  let state: CaseState = initialState;
  const events: DomainCaseEvent[] = [];
  const keep = (step: { state: CaseState; events: DomainCaseEvent[] }) => {
    state = step.state;
    events.push(...step.events);
  };
  return {
    caseId,
    events,
    act: (now: string, ...commands: CaseCommand[]) => keep(run(state, now, ...commands)),
    waitUntil: (until: string) => keep(runTimersUntil(state, until)),
  };
}

const at = (day: string, time = '02:00') => `2025-03-${day}T${time}:00.000Z`;

function resolvedOnSpot() {
  const c = walk('case-spot');
  c.act(
    T0,
    raiseCommand({ caseId: c.caseId, resolvedOnSpot: { summary: 'Cleaning crew agreed on the spot' } }),
  );
  return c;
}

/** Handled by the village, reopened twice (the second time escalated), then rated satisfied. */
function villageLoop() {
  const c = walk('case-village');
  const round = (day: string, rating: 'dissatisfied' | 'satisfied') =>
    c.act(
      at(day),
      { type: 'reportResult', actor: actors.dengfengSecretary, summary: 'Swept once' },
      { type: 'giveFeedback', actor: actors.dengfengSecretary },
      {
        type: 'rateCase',
        actor: actors.resident,
        rating,
        ...(rating === 'dissatisfied' ? { comment: 'Dirty again' } : {}),
      },
    );
  c.act(T0, raiseCommand({ caseId: c.caseId, attachmentRefs: ['photo-1.jpg'] }), {
    type: 'triageCase',
    actor: actors.laifengTriage,
    route: 'village',
    note: 'The village cleaning crew can take it',
  });
  round('04', 'dissatisfied');
  round('12', 'dissatisfied');
  round('13', 'satisfied');
  return c;
}

/** Claimed by the wrong department, returned and published again. */
function returnedCase() {
  const c = walk('case-returned');
  c.act(T0, raiseCommand({ caseId: c.caseId, category: 'roadAppearance' }), {
    type: 'triageCase',
    actor: actors.laifengTriage,
    route: 'district',
  });
  c.act(
    at('04'),
    { type: 'claimCase', actor: actors.housingHandler },
    { type: 'returnCase', actor: actors.housingHandler, reason: 'This is street cleaning, not facades' },
    {
      type: 'triageCase',
      actor: actors.laifengTriage,
      route: 'district',
      note: 'Street cleaning: urban management',
    },
  );
  return c;
}

/** Raised online, left unclaimed, then worked by the district through every timer and decision. */
function districtLoop() {
  const c = walk('case-district');
  c.act(
    T0,
    raiseCommand({
      caseId: c.caseId,
      actor: actors.resident,
      channel: 'onlineGroup',
      meetingId: undefined,
      category: 'roadAppearance',
      complexity: 'general',
      location: { townId: 'laifeng', villageId: 'dengfeng' },
    }),
    { type: 'triageCase', actor: actors.laifengTriage, route: 'district' },
  );
  c.waitUntil(at('05', '16:00'));
  c.act(
    at('06'),
    { type: 'claimCase', actor: actors.umHandler, coHandlingDepartmentIds: ['power-supply'] },
    { type: 'transferCase', actor: actors.umHandler, toDepartmentId: 'housing', reason: 'Facade work' },
    {
      type: 'submitHandlingPlan',
      actor: actors.housingHandler,
      plan: 'Repaint the facades along 黛山大道',
      responsibility: { unit: 'Renovation office', personName: 'Liu Fang' },
    },
    {
      type: 'requestExtension',
      actor: actors.housingHandler,
      workingDays: 5,
      reason: 'Paint delivery delayed',
    },
    { type: 'approveExtension', actor: actors.dlLi, reason: 'Supplier confirmed the delay' },
    { type: 'requestExtension', actor: actors.housingHandler, workingDays: 3, reason: 'Rain forecast' },
    { type: 'rejectExtension', actor: actors.dlLi, reason: 'The forecast is dry' },
    {
      type: 'pauseClock',
      actor: actors.housingHandler,
      reason: 'waitingForThirdParty',
      note: 'Scaffolding permit',
    },
  );
  c.act(
    at('07'),
    { type: 'resumeClock', actor: actors.housingHandler },
    { type: 'pauseClock', actor: actors.housingHandler, reason: 'waitingForResident' },
  );
  c.waitUntil(at('24'));
  c.act(at('24'), {
    type: 'flagConcentrated',
    actor: actors.top,
    reason: 'Third facade complaint in 来凤街道 this month',
    clusterId: 'roadAppearance@laifeng',
  });
  c.waitUntil('2025-06-30T00:00:00.000Z');
  const reportedAt = '2025-07-01T02:00:00.000Z';
  c.act(
    reportedAt,
    { type: 'reportResult', actor: actors.housingHandler, summary: 'Facades repainted' },
    { type: 'giveFeedback', actor: actors.laifengLeader, note: 'Told group 7 at the courtyard meeting' },
  );
  c.waitUntil('2025-07-31T00:00:00.000Z');
  return c;
}

/**
 * Under 2026.2: left in the ledger and unclaimed until leaders act — escalations seen, urged,
 * assigned, reassigned, instructed, pauses asked and refused, a request withdrawn, the deadlines
 * counted again on a loaded year, joint tasks done and explained, and a rating collected in person.
 */
function supervisedCase() {
  const c = walk('case-supervised');
  c.act(T0, raiseCommand({ caseId: c.caseId, policyVersion: '2026.2', category: 'roadAppearance' }));
  c.waitUntil(at('06', '16:00'));
  c.act(
    at('07'),
    { type: 'acknowledgeEscalation', actor: actors.laifengLeader, note: '已阅,督促研判' },
    { type: 'urgeCase', actor: actors.laifengLeader, note: '请本周内完成研判' },
    { type: 'triageCase', actor: actors.laifengTriage, route: 'district' },
  );
  c.waitUntil(at('11', '16:00'));
  c.act(
    at('12'),
    { type: 'assignDepartment', actor: actors.dlLi, departmentId: 'urban-management', reason: '道路保洁由城管牵头' },
    { type: 'reassignCase', actor: actors.dlWang, toDepartmentId: 'housing', reason: '实为立面整治' },
    { type: 'instructCase', actor: actors.dlLi, text: '请现场核实后制定方案' },
  );
  const instructed = [...c.events].reverse().find((e) => e.type === 'instructionIssued');
  const instructionId = instructed?.type === 'instructionIssued' ? instructed.instructionId : '';
  c.act(
    at('12', '04:00'),
    { type: 'acknowledgeInstruction', actor: actors.housingHandler, instructionId, note: '收到' },
    {
      type: 'submitHandlingPlan',
      actor: actors.housingHandler,
      plan: '分段整治立面',
      responsibility: { unit: '村镇建设科', personName: '刘芳' },
    },
    { type: 'pauseClock', actor: actors.housingHandler, reason: 'waitingForResident' },
    { type: 'resumeClock', actor: actors.housingHandler },
    { type: 'pauseClock', actor: actors.housingHandler, reason: 'waitingForFunds', workingDays: 5 },
    { type: 'rejectPause', actor: actors.dlLi, reason: '资金已到位' },
    { type: 'requestExtension', actor: actors.housingHandler, workingDays: 2, reason: '涂料未到' },
    { type: 'recomputeDeadlines', actor: actors.system, calendar: { loaded: [fixture2027] }, reason: '已载入2027年安排(测试数据)' },
    // Joint handling: one task done by the village, one the lead department explains.
    { type: 'assignJointTask', actor: actors.housingHandler, unit: { level: 'village', unitId: 'dengfeng' }, task: '通知住户配合', personName: '李华', workingDays: 1 },
    { type: 'assignJointTask', actor: actors.housingHandler, unit: { level: 'district', unitId: 'urban-management' }, task: '清运建筑垃圾', personName: '张伟', workingDays: 1 },
  );
  const tasks = c.events.flatMap((e) => (e.type === 'jointTaskAssigned' ? [e.taskId] : []));
  c.act(
    at('12', '05:00'),
    { type: 'completeJointTask', actor: actors.dengfengSecretary, taskId: tasks[0] ?? '', result: '已逐户通知' },
    { type: 'explainJointTask', actor: actors.housingHandler, taskId: tasks[1] ?? '', explanation: '垃圾已由住户自行清运' },
    { type: 'reportResult', actor: actors.housingHandler, summary: '立面已整治' },
    { type: 'giveFeedback', actor: actors.dengfengSecretary },
    { type: 'recordRating', actor: actors.dengfengSecretary, rating: 'satisfied', channel: 'phone', residentId: 'r-1' },
  );
  c.waitUntil('2025-03-31T00:00:00.000Z');
  return c;
}

const cases = [resolvedOnSpot(), villageLoop(), returnedCase(), districtLoop(), supervisedCase()];
const published = cases.flatMap(({ caseId, events }) =>
  events.map((domainEvent, i) => ({
    label: `${caseId} #${i + 1} ${domainEvent.type}`,
    envelope: createCaseEventFromDomain({ caseId, eventId: `${caseId}/${i + 1}`, domainEvent }),
    domainEvent,
  })),
);

describe('case events v1', () => {
  it('has exactly one contract per domain event type, and the walk produces every one', () => {
    const domainTypes = Object.keys(caseEventContractTypes).sort();
    expect([...new Set(published.map((p) => p.domainEvent.type))].sort()).toEqual(domainTypes);
    expect(caseEventDefinitions.map((d) => d.type).sort()).toEqual(
      Object.values(caseEventContractTypes).sort(),
    );
    expect(caseEventDefinitions.every((d) => d.version === 1)).toBe(true);
  });

  it('names contract types after the domain types', () => {
    expect(contractTypeOf('caseRaised')).toBe('case.raised');
    expect(contractTypeOf('reminderSent')).toBe('case.reminderSent');
    expect(contractTypeOf('handlingPlanSubmitted')).toBe('case.handlingPlanSubmitted');
    expect(contractTypeOf('caseFlaggedConcentrated')).toBe('case.flaggedConcentrated');
    for (const [domainType, contractType] of Object.entries(caseEventContractTypes)) {
      expect(contractTypeOf(domainType as keyof typeof caseEventContractTypes)).toBe(contractType);
    }
  });

  it.each(published)('$label survives the wire unchanged', ({ envelope, domainEvent }) => {
    expect(envelope).toMatchObject({
      type: contractTypeOf(domainEvent.type),
      version: 1,
      occurredAt: domainEvent.at,
    });
    const { type, ...payload } = domainEvent;
    expect(envelope.payload).toStrictEqual(payload);
    expect(type).toBe(domainEvent.type);

    const parsed = parseCaseEvent(JSON.parse(JSON.stringify(envelope)));
    expect(parsed).toStrictEqual({ ok: true, event: envelope });
  });
});

describe('parseCaseEvent', () => {
  const escalated = published.find(
    (p) => p.envelope.type === 'case.escalated' && p.domainEvent.schedule,
  )!.envelope;
  const payload = escalated.payload as Record<string, unknown>;

  it('keeps the payload typed by type for consumers that switch on it', () => {
    const parsed = parseCaseEvent(escalated);
    const targetsOf = (event: CaseEvent) => (event.type === 'case.escalated' ? event.payload.targetIds : []);
    expect(parsed.ok && targetsOf(parsed.event)).toEqual(payload['targetIds']);
  });

  it('rejects a type or version it does not know, naming both', () => {
    expect(parseCaseEvent({ ...escalated, type: 'case.vanished' })).toEqual({
      ok: false,
      error: 'unknown event case.vanished@1',
    });
    expect(parseCaseEvent({ ...escalated, version: 2 })).toEqual({
      ok: false,
      error: 'unknown event case.escalated@2',
    });
  });

  it('names the path of a wrong field, nested ones included', () => {
    const wrongStep = parseCaseEvent({ ...escalated, payload: { ...payload, step: 'one' } });
    expect(!wrongStep.ok && wrongStep.error).toMatch(/^invalid case\.escalated@1 payload: step: /);

    const wrongRole = parseCaseEvent({
      ...escalated,
      payload: { ...payload, actor: { id: 'x', role: 'mayor' } },
    });
    expect(!wrongRole.ok && wrongRole.error).toMatch(/^invalid case\.escalated@1 payload: actor\.role: /);

    const schedule = payload['schedule'] as { add: { dueAt: string }[] };
    const wrongDue = parseCaseEvent({
      ...escalated,
      payload: { ...payload, schedule: { ...schedule, add: [{ ...schedule.add[0], dueAt: 'soon' }] } },
    });
    expect(!wrongDue.ok && wrongDue.error).toMatch(/payload: schedule\.add\.0\.dueAt: /);
  });

  it('rejects a missing field', () => {
    const { trigger: _trigger, ...withoutTrigger } = payload;
    const parsed = parseCaseEvent({ ...escalated, payload: withoutTrigger });
    expect(!parsed.ok && parsed.error).toMatch(/payload: trigger: Required/);
  });

  it('rejects extra fields in the payload and in its parts', () => {
    const extra = parseCaseEvent({ ...escalated, payload: { ...payload, escalatedTo: 'department-leader' } });
    expect(!extra.ok && extra.error).toMatch(
      /payload: \(root\): Unrecognized key\(s\) in object: 'escalatedTo'/,
    );

    const actor = payload['actor'] as object;
    const nested = parseCaseEvent({
      ...escalated,
      payload: { ...payload, actor: { ...actor, phone: '123' } },
    });
    expect(!nested.ok && nested.error).toMatch(/payload: actor: Unrecognized key\(s\) in object: 'phone'/);
  });

  it('rejects envelopes with unknown fields or a missing id', () => {
    expect(parseCaseEvent({ ...escalated, extra: 1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid envelope/),
    });
    const { eventId: _dropped, ...withoutId } = escalated;
    expect(parseCaseEvent(withoutId)).toMatchObject({ ok: false, error: expect.stringMatching(/eventId/) });
  });
});

describe('building events', () => {
  const raised = published[0]!;

  it('builds the same envelope by definition as from the domain event', () => {
    if (raised.domainEvent.type !== 'caseRaised') throw new Error('the walk starts with a raised case');
    const { type: _type, ...payload } = raised.domainEvent;
    expect(
      createCaseEvent(caseRaisedV1, {
        eventId: raised.envelope.eventId,
        caseId: raised.envelope.caseId,
        occurredAt: raised.domainEvent.at,
        payload,
      }),
    ).toStrictEqual(raised.envelope);
  });

  it('refuses to publish a payload that breaks its schema', () => {
    expect(() =>
      createCaseEvent(caseEscalatedV1, {
        eventId: 'x',
        caseId: 'c',
        occurredAt: T0,
        payload: {
          at: 'later',
          actor: actors.system,
          trigger: 'overdue',
          step: 0,
          target: 'responsibleLeader',
          targetIds: [],
        },
      }),
    ).toThrow();
    const tampered = { ...raised.domainEvent, actor: { ...actors.resident, phone: '123' } };
    expect(() => createCaseEventFromDomain({ caseId: 'c', eventId: 'x', domainEvent: tampered })).toThrow(
      /phone/,
    );
  });
});
