import { Badge, Button, Card, Col, List, Row, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { casesApi, type LedgerRow } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useInbox } from '../api/notifications';
import { useDirectory } from '../api/organisation';
import { CaseLink, formatTime } from '../components/CaseBits';
import { CaseTable } from '../components/CaseTable';
import { useI18n } from '../i18n';

interface Cluster {
  key: string;
  townId: string;
  category: string;
  caseIds: string[];
  flagged: boolean;
}

/** Open cases of one category in one town, as the cluster rule counts them (at least three). */
function clustersOf(rows: LedgerRow[], minCases = 3): Cluster[] {
  const groups = new Map<string, Cluster>();
  for (const row of rows) {
    if (row.status === 'closed') continue;
    const key = `${row.townId}/${row.category}`;
    const group = groups.get(key) ?? { key, townId: row.townId, category: row.category, caseIds: [], flagged: false };
    group.caseIds.push(row.id);
    group.flagged ||= row.concentrated;
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.flagged || g.caseIds.length >= minCases).sort((a, b) => b.caseIds.length - a.caseIds.length);
}

/** Escalations addressed to me, overdue work by department, concentrated issues and extension requests. */
export function SupervisorPage() {
  const { t } = useI18n();
  const actor = useActor();
  const { departmentName, townName } = useDirectory();
  const inbox = useInbox(actor.id);
  const escalated = useLoader((signal) => casesApi.ledger({ escalated: true, sort: '-escalationLevel', limit: 200 }, signal), [], 5000);
  const overdue = useLoader((signal) => casesApi.ledger({ overdue: true, sort: 'nextDeadlineAt', limit: 200 }, signal), [], 5000);
  const open = useLoader((signal) => casesApi.ledger({ sort: 'nextDeadlineAt', limit: 200 }, signal), [], 10000);
  const reload = () => {
    escalated.reload();
    overdue.reload();
    open.reload();
  };

  const flagged = new Map<string, LedgerRow>();
  for (const row of [...(escalated.data?.items ?? []), ...(overdue.data?.items ?? [])]) flagged.set(row.id, row);
  const overdueByDepartment = new Map<string, number>();
  for (const row of overdue.data?.items ?? []) {
    const unit = row.handlerLevel === 'district' ? departmentName(row.handlerUnitId) : row.handlerUnitId ? townName(row.townId) : '—';
    overdueByDepartment.set(unit, (overdueByDepartment.get(unit) ?? 0) + 1);
  }
  const extensionNotices = inbox.messages.filter((m) => (m.kind ?? '').toLowerCase().includes('extension') || m.body.includes('延期'));
  const escalationNotices = inbox.messages.filter((m) => !extensionNotices.includes(m));

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
      <Card size="small" title={t('escalatedCases')}>
        <CaseTable rows={[...flagged.values()]} loading={escalated.loading && !escalated.data} onChanged={reload} testId="escalated-cases" />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={8}>
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
        <Col xs={24} md={8}>
          <Card size="small" title={t('clusters')}>
            <List
              dataSource={clustersOf(open.data?.items ?? [])}
              locale={{ emptyText: t('noData') }}
              renderItem={(cluster) => (
                <List.Item key={cluster.key}>
                  <Space wrap>
                    <Tag color={cluster.flagged ? 'magenta' : 'default'}>{cluster.caseIds.length}</Tag>
                    {townName(cluster.townId)} · {cluster.category}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" title={t('extensionApprovals')}>
            <List
              dataSource={extensionNotices}
              locale={{ emptyText: t('noData') }}
              renderItem={(message) => (
                <List.Item key={message.id}>
                  <Link to={`/cases/${encodeURIComponent(message.caseId)}`}>{message.body}</Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
