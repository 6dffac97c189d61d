import { Card, Progress, Space, Table, Typography } from 'antd';
import type { CoverageRow } from '@bishan/domain';
import { useLoader } from '../api/hooks';
import { coverageText, dutiesApi } from '../api/meeting-duties';
import { useDirectory } from '../api/organisation';
import { useI18n, type MessageKey } from '../i18n';

const levelNames: Record<string, MessageKey> = { district: 'levelDistrict', town: 'levelTown', village: 'levelVillage' };

/**
 * Meeting duty coverage of the current half-year within the reader's places: meetings held ÷ due,
 * by level and by town. Shown on the supervision page and the dashboard; the tracker is /duties.
 */
export function DutyCoverageCard() {
  const { t } = useI18n();
  const { townName } = useDirectory();
  const duties = useLoader((signal) => dutiesApi.duties({}, signal), [], 60_000);
  const coverage = duties.data?.coverage;
  const percent = (row: CoverageRow) => (row.required === 0 ? 0 : Math.round((row.held / row.required) * 1000) / 10);
  return (
    <Card size="small" title={`${t('dutyCoverage')}${duties.data ? ` · ${duties.data.period}` : ''}`} data-testid="duty-coverage">
      {coverage ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text data-testid="duty-coverage-total">
            {t('dutyHeldOfDue')}: {coverageText(coverage.total)} · {t('dutyOverdue')}: {coverage.total.overdue}
          </Typography.Text>
          <Table<CoverageRow>
            size="small"
            rowKey="key"
            pagination={false}
            data-testid="duty-coverage-by-level"
            dataSource={[...coverage.byLevel]}
            columns={[
              { title: t('level'), dataIndex: 'key', render: (key: string) => t(levelNames[key] ?? 'unknown') },
              { title: t('dutyHeldOfDue'), render: (_, row) => <Progress percent={percent(row)} size="small" format={() => coverageText(row)} /> },
              { title: t('dutyOverdue'), dataIndex: 'overdue', width: 80 },
            ]}
          />
          <Table<CoverageRow>
            size="small"
            rowKey="key"
            pagination={{ pageSize: 15, hideOnSinglePage: true }}
            data-testid="duty-coverage-by-town"
            dataSource={[...coverage.byTown]}
            columns={[
              { title: t('town'), dataIndex: 'key', render: (key: string) => townName(key) },
              { title: t('dutyHeldOfDue'), render: (_, row) => <Progress percent={percent(row)} size="small" format={() => coverageText(row)} /> },
              { title: t('dutyOverdue'), dataIndex: 'overdue', width: 80 },
            ]}
          />
        </Space>
      ) : (
        <Typography.Text type="secondary">{duties.error ? duties.error.message : t('loading')}</Typography.Text>
      )}
    </Card>
  );
}
