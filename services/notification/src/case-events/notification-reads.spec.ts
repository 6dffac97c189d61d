import type { Prisma } from '@bishan/db';
import type { CaseScope } from '../recipients/case-scope';
import { NotificationReads } from './notification-reads';

/** A transaction that answers from a few rows and counts the queries asked of it. */
function countingTx() {
  const queries: string[] = [];
  const preferenceRows = [
    {
      personId: 'wang',
      channels: '["sms"]',
      email: null,
      phone: '13800000000',
      quietStart: null,
      quietEnd: null,
    },
  ];
  const tx = {
    notificationPreference: {
      findMany: ({ where }: { where: { personId: { in: string[] } } }) => {
        queries.push(`preferences ${where.personId.in.join(',')}`);
        return Promise.resolve(preferenceRows.filter((row) => where.personId.in.includes(row.personId)));
      },
    },
    notificationWebhook: {
      findUnique: ({ where }: { where: { scopeKind_scopeId: { scopeId: string } } }) => {
        queries.push(`webhook ${where.scopeKind_scopeId.scopeId}`);
        return Promise.resolve(
          where.scopeKind_scopeId.scopeId === 'dengfeng'
            ? { url: 'http://127.0.0.1/robot', style: 'wecom' }
            : null,
        );
      },
    },
    notificationTemplate: {
      findMany: ({ where }: { where: { kind: string } }) => {
        queries.push(`templates ${where.kind}`);
        return Promise.resolve([{ kind: where.kind, channel: 'inbox', subject: 's', body: 'b' }]);
      },
    },
    notificationCaseScope: {
      findUnique: ({ where }: { where: { caseId: string } }) => {
        queries.push(`scope ${where.caseId}`);
        return Promise.resolve(null);
      },
      upsert: ({ where }: { where: { caseId: string } }) => {
        queries.push(`save scope ${where.caseId}`);
        return Promise.resolve({});
      },
    },
  };
  return { tx: tx as unknown as Prisma.TransactionClient, queries };
}

describe('NotificationReads, what the notices of one batch read', () => {
  it('asks for each preference, webhook and kind of template once, absent ones included', async () => {
    const { tx, queries } = countingTx();
    const reads = new NotificationReads();

    const first = await reads.preferencesOf(tx, ['wang', 'li']);
    const second = await reads.preferencesOf(tx, ['li', 'zhang', 'wang']);
    expect(first.get('wang')).toMatchObject({ channels: ['sms'], phone: '13800000000' });
    expect(first.get('li')).toBeNull();
    expect([...second.keys()]).toEqual(['li', 'zhang', 'wang']);
    expect(second.get('zhang')).toBeNull();

    for (const village of ['dengfeng', 'dengfeng', 'lianhe', 'lianhe'])
      await reads.webhookOf(tx, { scopeKind: 'village', scopeId: village });
    expect(await reads.webhookOf(tx, { scopeKind: 'village', scopeId: 'dengfeng' })).toEqual({
      url: 'http://127.0.0.1/robot',
      style: 'wecom',
    });
    expect(await reads.webhookOf(tx, { scopeKind: 'village', scopeId: 'lianhe' })).toBeNull();

    await reads.templatesOf(tx, 'assigned');
    await reads.templatesOf(tx, 'assigned');

    expect(queries).toEqual([
      'preferences wang,li',
      'preferences zhang',
      'webhook dengfeng',
      'webhook lianhe',
      'templates assigned',
    ]);
  });

  it('answers a case scope it saved without reading it back', async () => {
    const { tx, queries } = countingTx();
    const reads = new NotificationReads();
    expect(await reads.scopeOf(tx, 'c1')).toBeNull();
    const scope: CaseScope = {
      caseId: 'c1',
      category: 'infrastructure',
      townId: 'laifeng',
      villageId: 'dengfeng',
      reporterIds: ['resident-1'],
      supervisorIds: [],
      leadDepartmentId: null,
    };
    await reads.saveScope(tx, scope, new Date());
    expect(await reads.scopeOf(tx, 'c1')).toEqual(scope);
    expect(queries).toEqual(['scope c1', 'save scope c1']);
  });
});
