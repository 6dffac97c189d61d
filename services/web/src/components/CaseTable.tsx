import { Card, Grid, List, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { casesApi, type LedgerRow } from '../api/cases';
import { useDirectory } from '../api/organisation';
import { useI18n } from '../i18n';
import { CaseActions } from './CaseActions';
import { CaseFlags, CaseLink, Countdown, StatusTag, formatTime } from './CaseBits';

interface CaseTableProps {
  rows: LedgerRow[] | undefined;
  loading?: boolean;
  onChanged: () => void;
  showActions?: boolean;
  testId?: string;
}

/** Cases as a table on wide screens and as cards on a phone; overdue and escalated rows stand out. */
export function CaseTable({ rows, loading, onChanged, showActions = true, testId }: CaseTableProps) {
  // A list reloaded right after one's own action waits until the read model holds it.
  const afterAction = (caseId: string, eventSeq?: number) => {
    const settled = eventSeq ? casesApi.get(caseId, undefined, eventSeq).catch(() => undefined) : Promise.resolve();
    void settled.then(() => onChanged?.());
  };
  const { t } = useI18n();
  const { townName, villageName, unitName } = useDirectory();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;

  if (narrow) {
    return (
      <div data-testid={testId}>
      <List
        loading={loading}
        dataSource={rows ?? []}
        locale={{ emptyText: t('noData') }}
        renderItem={(row) => (
          <List.Item key={row.id} style={{ padding: '6px 0' }} data-case-id={row.id}>
            <Card
              size="small"
              style={{ width: '100%', borderColor: row.overdue || row.escalationLevel ? '#ff4d4f' : undefined }}
              title={
                <Space wrap size={4}>
                  <StatusTag status={row.status} />
                  <span>{row.category}</span>
                </Space>
              }
              extra={<CaseLink id={row.id} />}
            >
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>
                {row.description}
              </Typography.Paragraph>
              <Space wrap size={4}>
                <CaseFlags overdue={row.overdue} escalationLevel={row.escalationLevel} paused={row.paused} concentrated={row.concentrated} />
                <Countdown dueAt={row.nextDeadlineAt} kind={row.nextDeadlineKind} />
              </Space>
              {showActions ? (
                <div style={{ marginTop: 6 }}>
                  <CaseActions item={row} onDone={(seq) => afterAction(row.id, seq)} />
                </div>
              ) : null}
            </Card>
          </List.Item>
        )}
      />
      </div>
    );
  }

  const columns: ColumnsType<LedgerRow> = [
    { title: t('caseId'), dataIndex: 'id', render: (id: string) => <CaseLink id={id} />, width: 130 },
    { title: t('category'), dataIndex: 'category', width: 110 },
    { title: t('description'), dataIndex: 'description', ellipsis: true },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 170,
      render: (_: string, row) => (
        <Space wrap size={2}>
          <StatusTag status={row.status} />
          <CaseFlags overdue={row.overdue} escalationLevel={row.escalationLevel} paused={row.paused} concentrated={row.concentrated} />
        </Space>
      ),
    },
    {
      title: `${t('town')} / ${t('village')}`,
      width: 150,
      render: (_: unknown, row) => `${townName(row.townId)} · ${villageName(row.villageId)}`,
    },
    {
      title: t('handler'),
      width: 130,
      render: (_: unknown, row) => (row.handlerUnitId ? unitName(row.handlerLevel, row.handlerUnitId) : '—'),
    },
    {
      title: t('nextDeadline'),
      width: 150,
      render: (_: unknown, row) => <Countdown dueAt={row.nextDeadlineAt} kind={row.nextDeadlineKind} />,
    },
    { title: t('raisedAt'), dataIndex: 'raisedAt', width: 160, render: (at: string) => formatTime(at) },
  ];
  if (showActions)
    columns.push({ title: t('actions'), width: 220, render: (_: unknown, row) => <CaseActions item={row} onDone={(seq) => afterAction(row.id, seq)} /> });
  return (
    <div data-testid={testId}>
    <Table<LedgerRow>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={rows ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 1000 }}
      locale={{ emptyText: t('noData') }}
      onRow={(row) => ({
        'data-case-id': row.id,
        style: row.overdue || row.escalationLevel > 0 ? { background: '#fff1f0' } : undefined,
      }) as React.HTMLAttributes<HTMLElement>}
    />
    </div>
  );
}
