import { Button, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { caseApi, queryString } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseLink, Countdown, formatTime } from '../components/CaseBits';
import { ProblemAlert } from '../components/problem';
import { useI18n } from '../i18n';

/** GET /ops/overview of the case API (admin only). */
interface OpsOverview {
  workflows: { status: string; count: number }[];
  pendingDeadlines: { caseId: string; workflowId: string; status: string; dueAt: string; kind: string | null }[];
  outbox: { backlog: number; oldestOccurredAt: string | null; failing: number };
  consumers: { groupId: string; topic: string; lag: number; partitions: number }[];
  deadLetters: { topic: string; messages: number }[];
  temporalUiUrl: string;
  namespace: string;
}

/** Workflows, deadlines due soon, outbox backlog, consumer lag and dead letters, linked to the Temporal UI. */
export function OpsPage() {
  const { t } = useI18n();
  const { settings } = useDirectory();
  const overview = useLoader((signal) => caseApi.get<OpsOverview>(`/ops/overview${queryString({ withinHours: 24 })}`, signal), [], 10000);
  const data = overview.data;
  const temporalUi = data?.temporalUiUrl ?? settings?.temporalUiUrl;
  const namespace = data?.namespace ?? settings?.temporalNamespace ?? 'default';
  const workflowLink = (workflowId: string) => `${temporalUi}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <ProblemAlert message={overview.error ? `${t('opsUnavailable')}: ${overview.error.message}` : null} />
      <Card size="small" title={t('opsTitle')} extra={<Button onClick={overview.reload}>{t('refresh')}</Button>} loading={!data && !overview.error}>
        <Row gutter={[12, 12]}>
          {(data?.workflows ?? []).map((w) => (
            <Col xs={12} md={4} key={w.status}>
              <Statistic title={`${t('workflowsByState')} · ${w.status}`} value={w.count} />
            </Col>
          ))}
          <Col xs={12} md={4}>
            <div data-testid="ops-outbox">
              <Statistic title={t('outboxBacklog')} value={data?.outbox.backlog ?? '—'} />
            </div>
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={`${t('outboxBacklog')} · failing`} value={data?.outbox.failing ?? '—'} />
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('pendingDeadlines')}>
        <Table
          size="small"
          rowKey={(row) => `${row.caseId}/${row.dueAt}`}
          dataSource={data?.pendingDeadlines ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 600 }}
          columns={[
            { title: t('caseId'), dataIndex: 'caseId', render: (id: string) => <CaseLink id={id} /> },
            { title: t('status'), dataIndex: 'status' },
            { title: t('deadline'), dataIndex: 'kind' },
            { title: t('when'), dataIndex: 'dueAt', render: (at: string) => formatTime(at) },
            { title: t('remaining'), dataIndex: 'dueAt', render: (at: string) => <Countdown dueAt={at} /> },
            {
              title: 'Temporal',
              dataIndex: 'workflowId',
              render: (id: string) => (
                <a href={workflowLink(id)} target="_blank" rel="noreferrer">
                  {t('temporalLink')}
                </a>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('consumerLag')}>
            <Table
              size="small"
              rowKey={(row) => `${row.groupId}/${row.topic}`}
              pagination={false}
              dataSource={data?.consumers ?? []}
              columns={[
                { title: 'group', dataIndex: 'groupId' },
                { title: 'topic', dataIndex: 'topic' },
                { title: 'lag', dataIndex: 'lag', render: (lag: number) => <Tag color={lag > 0 ? 'orange' : 'green'}>{lag}</Tag> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('deadLetters')}>
            <Table
              size="small"
              rowKey="topic"
              pagination={false}
              dataSource={data?.deadLetters ?? []}
              columns={[
                { title: 'topic', dataIndex: 'topic' },
                { title: 'messages', dataIndex: 'messages', render: (n: number) => <Tag color={n > 0 ? 'red' : 'green'}>{n}</Tag> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
