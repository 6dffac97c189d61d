import { Button, Card, Space } from 'antd';
import { casesApi } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseTable } from '../components/CaseTable';
import { PublicNotices } from '../components/PublicNotices';
import { useI18n } from '../i18n';

/** A village secretary's or town leader's ledger: cases to handle locally and results to tell residents, and the notices published to them. */
export function LocalPage() {
  const { t } = useI18n();
  const actor = useActor();
  const { townName, villageName } = useDirectory();
  const ledger = useLoader((signal) => casesApi.ledger({ sort: 'nextDeadlineAt', limit: 200 }, signal), [], 5000);
  const open = ledger.data?.items.filter((row) => row.status !== 'closed');
  const place = actor.role === 'village-secretary' ? villageName(actor.villageId) : townName(actor.townId);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={`${t('navLocal')} · ${place}`} extra={<Button onClick={ledger.reload}>{t('refresh')}</Button>}>
        <CaseTable rows={open} loading={ledger.loading && !ledger.data} onChanged={ledger.reload} testId="local-ledger" />
      </Card>
      {/* What the residents' group was told of these cases (结果公开). */}
      <PublicNotices villageId={actor.role === 'village-secretary' ? actor.villageId : undefined} />
    </Space>
  );
}
