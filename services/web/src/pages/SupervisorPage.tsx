import { Badge, Button, Card, Col, List, Row, Space, Table, Tag, Typography } from 'antd';
import { casesApi, type LedgerFilter, type LedgerRow } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useInbox } from '../api/notifications';
import { useDirectory } from '../api/organisation';
import { CaseLink, formatTime } from '../components/CaseBits';
import { CaseTable } from '../components/CaseTable';
import { DutyCoverageCard } from '../components/DutyCoverage';
import { useI18n } from '../i18n';

interface Cluster {
  key: string;
  townId: string;
  category: string;
  caseIds: string[];
}

/** The open cases flagged as a concentrated issue, grouped as the sweep groups them: one category in one town. */
function clustersOf(rows: LedgerRow[]): Cluster[] {
  const groups = new Map<string, Cluster>();
  for (const row of rows) {
    if (row.status === 'closed') continue;
    const key = `${row.townId}/${row.category}`;
    const group = groups.get(key) ?? { key, townId: row.townId, category: row.category, caseIds: [] };
    group.caseIds.push(row.id);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.caseIds.length - a.caseIds.length);
}

/**
 * Escalations addressed to me, overdue work by department, concentrated issues and extension
 * requests awaiting a decision. The lists are the ledger's, filtered by the API within my scope;
 * they reload whenever the notification stream brings me something, and on a poll besides (a
 * deadline passing is not always announced to this reader).
 */
export function SupervisorPage() {
  const { t } = useI18n();
  const actor = useActor();
  const { departmentName, townName } = useDirectory();
  const inbox = useInbox(actor.id);
  const newest = inbox.messages[0]?.id;
  const ledger = (filter: LedgerFilter) => (signal: AbortSignal) => casesApi.ledger({ limit: 200, ...filter }, signal);
  const escalated = useLoader(ledger({ escalated: true, sort: '-escalationLevel' }), [newest], 5000);
  const overdue = useLoader(ledger({ overdue: true, sort: 'nextDeadlineAt' }), [newest], 5000);
  const extensions = useLoader(ledger({ pendingExtension: true, sort: 'nextDeadlineAt' }), [newest], 5000);
  const concentrated = useLoader(ledger({ concentrated: true, sort: '-raisedAt' }), [newest], 10000);
  const pauses = useLoader(ledger({ pendingPause: true, sort: 'nextDeadlineAt' }), [newest], 5000);
  const unseen = useLoader(ledger({ escalationUnseen: true, sort: '-escalationLevel' }), [newest], 5000);
  const reload = () => {
    escalated.reload();
    overdue.reload();
    extensions.reload();
    concentrated.reload();
    pauses.reload();
    unseen.reload();
  };

  const flagged = new Map<string, LedgerRow>();
  for (const row of [...(escalated.data?.items ?? []), ...(overdue.data?.items ?? [])]) flagged.set(row.id, row);
  const overdueByDepartment = new Map<string, number>();
  for (const row of overdue.data?.items ?? []) {
    const unit = row.handlerLevel === 'district' ? departmentName(row.handlerUnitId) : row.handlerUnitId ? townName(row.townId) : '—';
    overdueByDepartment.set(unit, (overdueByDepartment.get(unit) ?? 0) + 1);
  }
  // Extension requests are listed from the ledger below; their notices would only repeat them.
  const escalationNotices = inbox.messages.filter(
    (m) => !(m.kind ?? '').toLowerCase().includes('extension') && !m.body.includes('延期'),
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space>
            {t('escalationsToMe')}
            <Badge
              status={inbox.live ? 'success' : 'processing'}
              text={inbox.live ? t('liveUpdates') : t('polling')}
              data-testid="inbox-mode"
            />
          </Space>
        }
        extra={<Button onClick={reload}>{t('refresh')}</Button>}
      >
        <List
          data-testid="escalation-notices"
          dataSource={escalationNotices}
          locale={{ emptyText: inbox.error ?? t('noData') }}
          renderItem={(message) => (
            <List.Item key={message.id} data-testid="notice">
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={message.urgent ? 'red' : 'orange'}>{formatTime(message.createdAt)}</Tag>
                  <CaseLink id={message.caseId} />
                </Space>
                <Typography.Text>{message.body}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('unseenEscalations')}>
        <CaseTable rows={unseen.data?.items} loading={unseen.loading && !unseen.data} onChanged={reload} testId="unseen-escalations" />
      </Card>
      <Card size="small" title={t('escalatedCases')}>
        <CaseTable rows={[...flagged.values()]} loading={escalated.loading && !escalated.data} onChanged={reload} testId="escalated-cases" />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('overdueByDepartment')}>
            <Table
              size="small"
              rowKey="unit"
              pagination={false}
              data-testid="overdue-by-department"
              dataSource={[...overdueByDepartment].map(([unit, count]) => ({ unit, count })).sort((a, b) => b.count - a.count)}
              columns={[
                { title: t('handler'), dataIndex: 'unit' },
                { title: t('overdue'), dataIndex: 'count', width: 80 },
              ]}
              locale={{ emptyText: t('noData') }}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('clusters')}>
            <List
              data-testid="clusters"
              loading={concentrated.loading && !concentrated.data}
              dataSource={clustersOf(concentrated.data?.items ?? [])}
              locale={{ emptyText: t('noData') }}
              renderItem={(cluster) => (
                <List.Item key={cluster.key} data-testid="cluster">
                  <Space wrap>
                    <Tag color="magenta">{cluster.caseIds.length}</Tag>
                    {townName(cluster.townId)} · {cluster.category}
                    {cluster.caseIds.map((id) => (
                      <CaseLink key={id} id={id} />
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('extensionApprovals')}>
        <CaseTable
          rows={extensions.data?.items}
          loading={extensions.loading && !extensions.data}
          onChanged={reload}
          testId="pending-extensions"
        />
      </Card>
      <Card size="small" title={t('pauseApprovals')}>
        <CaseTable rows={pauses.data?.items} loading={pauses.loading && !pauses.data} onChanged={reload} testId="pending-pauses" />
      </Card>
      <DutyCoverageCard />
    </Space>
  );
}
