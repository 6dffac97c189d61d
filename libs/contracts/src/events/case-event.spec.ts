import { caseEscalatedV1 } from './case-escalated.v1';
import { createCaseEvent, parseCaseEvent } from './case-event';

const escalated = createCaseEvent(caseEscalatedV1, {
  eventId: 'case-1/escalated/1',
  caseId: 'case-1',
  occurredAt: '2026-03-02T08:00:00.000Z',
  payload: { step: 1, reason: 'claim window ended', escalatedTo: 'department-leader', deadlineAt: '2026-03-02T08:00:00.000Z' },
});

describe('parseCaseEvent', () => {
  it('accepts a well-formed versioned event and keeps its payload typed', () => {
    const parsed = parseCaseEvent(JSON.parse(JSON.stringify(escalated)));
    expect(parsed).toEqual({ ok: true, event: escalated });
  });

  it('rejects an event type it does not know, naming type and version', () => {
    expect(parseCaseEvent({ ...escalated, version: 9 })).toEqual({ ok: false, error: 'unknown event case.escalated@9' });
  });

  it('names the offending payload field', () => {
    const parsed = parseCaseEvent({ ...escalated, payload: { ...escalated.payload as object, step: 'one' } });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^invalid case.escalated@1 payload: step: /);
  });

  it('rejects envelopes with unknown fields or a missing id', () => {
    expect(parseCaseEvent({ ...escalated, extra: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/invalid envelope/) });
    const { eventId: _dropped, ...withoutId } = escalated;
    expect(parseCaseEvent(withoutId)).toMatchObject({ ok: false, error: expect.stringMatching(/eventId/) });
  });

  it('refuses to build an event whose payload breaks its schema', () => {
    expect(() =>
      createCaseEvent(caseEscalatedV1, {
        eventId: 'x',
        caseId: 'c',
        occurredAt: '2026-03-02T08:00:00.000Z',
        payload: { step: 0, reason: '', escalatedTo: '', deadlineAt: 'later' },
      }),
    ).toThrow();
  });
});
