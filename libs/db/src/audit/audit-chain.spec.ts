import { auditHash, type AuditedFields } from './audit-chain';

const entry: AuditedFields = {
  caseId: 'case-1',
  seq: 2,
  eventId: 'case-1/2',
  type: 'caseClaimed',
  at: new Date('2025-03-04T02:00:00.000Z'),
  actorId: 'um-zhang',
  actorRole: 'department-handler',
  deadlineId: null,
  data: '{"type":"caseClaimed"}',
};

describe('auditHash', () => {
  it('is a SHA-256 hex digest that depends on the previous hash', () => {
    expect(auditHash(entry, '')).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(entry, '')).toBe(auditHash({ ...entry }, ''));
    expect(auditHash(entry, 'a'.repeat(64))).not.toBe(auditHash(entry, ''));
  });

  it('cannot be matched by moving characters across a field boundary', () => {
    const shifted = { ...entry, actorId: 'um-zhangdepartment-', actorRole: 'handler' };
    expect(auditHash(shifted, '')).not.toBe(auditHash(entry, ''));
    expect(auditHash({ ...entry, data: `${entry.data}x` }, '')).not.toBe(auditHash(entry, 'x'));
  });

  it('tells a missing deadline from an empty one', () => {
    expect(auditHash({ ...entry, deadlineId: '' }, '')).not.toBe(auditHash(entry, ''));
  });
});
