import { Button, Card, Space, Typography } from 'antd';
import { casesApi } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseTable } from '../components/CaseTable';
import { useI18n } from '../i18n';

/** A department's inbox: the claim pool on its duty list, and its own cases by deadline, counting down. */
export function InboxPage() {
  const { t } = useI18n();
  const actor = useActor();
  const { departmentName, organisation } = useDirectory();
  const duties = organisation?.departments.find((d) => d.id === actor.departmentId)?.dutyCategories ?? [];
  const pool = useLoader((signal) => casesApi.ledger({ status: 'published', sort: 'nextDeadlineAt', limit: 200 }, signal), [], 5000);
  const mine = useLoader(
    (signal) => casesApi.ledger({ departmentId: actor.departmentId, sort: 'nextDeadlineAt', limit: 200 }, signal),
    [],
    5000,
  );
  const reload = () => {
    pool.reload();
    mine.reload();
  };
  // Cases with a deadline first (soonest on top), then the rest; closed ones drop out of the inbox.
  const open = mine.data?.items.filter((row) => row.status !== 'closed' && row.status !== 'published');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Typography.Text type="secondary">
        {departmentName(actor.departmentId)} · {duties.join('、')}
      </Typography.Text>
      <Card size="small" title={t('claimPool')} extra={<Button onClick={reload}>{t('refresh')}</Button>}>
        <CaseTable rows={pool.data?.items} loading={pool.loading && !pool.data} onChanged={reload} testId="claim-pool" />
      </Card>
      <Card size="small" title={t('myHandling')}>
        <CaseTable rows={open} loading={mine.loading && !mine.data} onChanged={reload} testId="my-handling" />
      </Card>
    </Space>
  );
}
