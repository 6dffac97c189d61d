import { Button, Card, Segmented } from 'antd';
import { useState } from 'react';
import { casesApi, type CaseStatus } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseTable } from '../components/CaseTable';
import { useI18n } from '../i18n';

/** The town party committee's ledger: decide whether the village, the town or the district handles each case. */
export function TriagePage() {
  const { t, statusName } = useI18n();
  const actor = useActor();
  const { townName } = useDirectory();
  const [status, setStatus] = useState<CaseStatus | 'all'>('inLedger');
  const ledger = useLoader(
    (signal) =>
      casesApi.ledger({ townId: actor.townId, status: status === 'all' ? undefined : status, sort: '-raisedAt', limit: 200 }, signal),
    [status],
    5000,
  );
  return (
    <Card
      size="small"
      title={`${t('triageTitle')} · ${townName(actor.townId)}`}
      extra={<Button onClick={ledger.reload}>{t('refresh')}</Button>}
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(value) => setStatus(value as CaseStatus | 'all')}
        options={(['inLedger', 'published', 'handling', 'closed', 'all'] as const).map((s) => ({
          value: s,
          label: s === 'all' ? t('all') : statusName(s),
        }))}
      />
      <CaseTable rows={ledger.data?.items} loading={ledger.loading && !ledger.data} onChanged={ledger.reload} testId="triage-ledger" />
    </Card>
  );
}
