import { Alert, Button, Card, Col, Popconfirm, Row, Space, Statistic, Table, Tag, Tooltip, Typography, message } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { ApiProblem, useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { deadLetterSummary, opsApi, type CaseSearch, type DeadLetter, type FailingActivity, type ParkedEvent, type WaitingCaseStart } from '../api/ops';
import { useDirectory } from '../api/organisation';
import { CalendarCard } from '../components/CalendarCard';
import { CaseLink, Countdown, StatusTag, formatTime } from '../components/CaseBits';
import { ProblemAlert } from '../components/problem';
import { useI18n } from '../i18n';
import { deadlineKindNames, eventTypeNames, nameIn } from '../labels/case-labels';
import { brokerRefusalNames, brokerRefusalOf, workflowStatusNames } from '../labels/ops-labels';
import type { CaseEventType, DeadlineKind } from '@bishan/domain';

/**
 * Workflows by state, deadlines due soon, activities failing now, outbox backlog and parked events
 * with retry, consumer lag and dead letters with replay, every workflow linked to the Temporal UI.
 */
export function OpsPage() {
  const { t, language } = useI18n();
  const actor = useActor();
  const { settings, departmentName } = useDirectory();
  const overview = useLoader((signal) => opsApi.overview(signal), [], 10000);
  // Reading the dead-letter topic joins a throw-away consumer group (seconds): refreshed less often.
  const deadLetters = useLoader((signal) => opsApi.deadLetters(signal), [], 30000);
  const [replaying, setReplaying] = useState<string | null>(null);
  const [replayed, setReplayed] = useState<ReadonlySet<string>>(new Set());
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retried, setRetried] = useState<ReadonlySet<string>>(new Set());
  const data = overview.data;
  const temporalUi = data?.temporalUiUrl ?? settings?.temporalUiUrl;
  const namespace = data?.namespace ?? settings?.temporalNamespace ?? 'default';
  const workflowLink = (workflowId: string) => `${temporalUi}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowId)}`;
  const searchLink = (query: string) => `${temporalUi}/namespaces/${namespace}/workflows?query=${encodeURIComponent(query)}`;
  const searchName = (row: CaseSearch) =>
    row.search === 'overdueInDepartment'
      ? `${departmentName(row.departmentId)} · ${t('searchOverdueInDepartment')}`
      : t(row.search === 'stuckInTriage' ? 'searchStuckInTriage' : 'searchEscalatedToTopLeaders');
  const temporalLink = (workflowId: string) => (
    <a href={workflowLink(workflowId)} target="_blank" rel="noreferrer" data-testid="temporal-link">
      {t('temporalLink')}
    </a>
  );

  // The replay endpoint is the notification service's and needs the admin role; say so rather
  // than offer a button that can only be refused.
  const canReplay = actor.role === 'admin';
  const deadLetterRefused = deadLetters.error instanceof ApiProblem && deadLetters.error.status === 403;

  const replay = async (ids: string[]) => {
    setReplaying(ids.length === 1 ? (ids[0] ?? '*') : '*');
    try {
      const outcome = await opsApi.replay(ids);
      const done = [...outcome.replayed, ...outcome.rearmed];
      setReplayed((before) => new Set([...before, ...done]));
      void message.success(`${t('replayed')}: ${done.join(', ')}`);
      deadLetters.reload();
      overview.reload();
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setReplaying(null);
    }
  };

  const retryParked = async (eventIds: string[]) => {
    setRetrying(eventIds.length === 1 ? (eventIds[0] ?? '*') : '*');
    try {
      const outcome = await opsApi.retryParked(eventIds);
      setRetried((before) => new Set([...before, ...outcome.retried]));
      void message.success(`${t('outboxRetried')}: ${outcome.retried.length}`);
      overview.reload();
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setRetrying(null);
    }
  };
  const eventName = (row: ParkedEvent) =>
    row.caseEventType && row.caseEventType in eventTypeNames ? nameIn(eventTypeNames, row.caseEventType as CaseEventType, language) : row.type;
  const parked = data?.outbox.parked;
  const startsPending = data?.startsPending;
  // Every count failed: Temporal does not answer the case API (the rest of the page still does).
  const temporalError = data && data.workflows.length > 0 && data.workflows.every((w) => w.error) ? (data.workflows[0]?.error ?? null) : null;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <ProblemAlert message={overview.error ? `${t('opsUnavailable')}: ${overview.error.message}` : data?.kafkaError ? `Kafka: ${data.kafkaError}` : null} />
      {temporalError ? (
        <Alert type="error" showIcon message={t('temporalUnreachable')} description={<Typography.Text code>{temporalError}</Typography.Text>} data-testid="ops-temporal-unreachable" />
      ) : null}
      <CalendarCard />
      <Card size="small" title={t('opsTitle')} extra={<Button onClick={overview.reload}>{t('refresh')}</Button>} loading={!data && !overview.error}>
        <Row gutter={[12, 12]}>
          {(data?.workflows ?? []).map((w) => (
            <Col xs={12} md={4} key={w.status}>
              <Statistic title={`${t('workflowsByState')} · ${nameIn(workflowStatusNames, w.status, language)}`} value={w.count ?? '—'} />
            </Col>
          ))}
          <Col xs={12} md={4}>
            <div data-testid="ops-outbox">
              <Statistic title={t('outboxBacklog')} value={data?.outbox.backlog ?? '—'} />
            </div>
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('outboxFailing')} value={data?.outbox.failing ?? '—'} />
          </Col>
          <Col xs={12} md={4}>
            <div data-testid="ops-parked-count">
              <Statistic title={t('outboxParked')} value={parked?.total ?? '—'} />
            </div>
          </Col>
          <Col xs={12} md={4}>
            <div data-testid="ops-failing-count">
              <Statistic title={t('failingActivities')} value={data?.failingActivities.total ?? '—'} />
            </div>
          </Col>
          <Col xs={12} md={4}>
            <div data-testid="ops-starts-pending-count">
              <Statistic title={t('startsPending')} value={data?.startsPending.total ?? '—'} />
            </div>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('caseSearches')} data-testid="case-searches">
        <Typography.Paragraph type="secondary">{t('caseSearchesHint')}</Typography.Paragraph>
        <Table<CaseSearch>
          size="small"
          rowKey={(row) => `${row.search}/${row.departmentId ?? ''}`}
          dataSource={data?.caseSearches ?? []}
          locale={{ emptyText: t('noneNow') }}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          scroll={{ x: 800 }}
          onRow={(row) => ({ 'data-search': row.search }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('caseSearches'),
              key: 'name',
              render: (_: unknown, row) => (
                <a href={searchLink(row.query)} target="_blank" rel="noreferrer" data-testid="case-search-link">
                  {searchName(row)}
                </a>
              ),
            },
            { title: t('searchCount'), dataIndex: 'count', width: 100, render: (count: number | null) => count ?? '—' },
            {
              title: t('searchQuery'),
              dataIndex: 'query',
              render: (query: string) => (
                <Typography.Text code copyable>
                  {query}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('failingActivities')}>
        <Table<FailingActivity>
          size="small"
          data-testid="failing-activities"
          rowKey={(row) => `${row.workflowId}/${row.activityType}`}
          dataSource={data?.failingActivities.items ?? []}
          locale={{ emptyText: t('noneNow') }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 800 }}
          onRow={(row) => ({ 'data-workflow-id': row.workflowId }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('caseId'),
              dataIndex: 'workflowId',
              render: (id: string, row) => (row.caseId ? <CaseLink id={row.caseId} /> : <Typography.Text code>{id}</Typography.Text>),
            },
            // Machine names and messages stay as the system wrote them, set apart as code.
            { title: t('activityType'), dataIndex: 'activityType', render: (name: string) => <Typography.Text code>{name}</Typography.Text> },
            {
              title: t('attempt'),
              dataIndex: 'attempt',
              render: (attempt: number, row) => (
                <Space size={4} wrap>
                  {attempt}
                  <Tag color={row.retrying ? 'orange' : 'red'}>{row.retrying ? t('retrying') : t('gaveUp')}</Tag>
                  {row.workflowRunning === false ? <Tag data-testid="workflow-ended">{t('workflowEnded')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('lastError'), dataIndex: 'lastError', render: (text: string) => <Typography.Text type="danger" code>{text}</Typography.Text> },
            { title: t('when'), dataIndex: 'lastFailedAt', render: (at: string) => formatTime(at) },
            { title: 'Temporal', dataIndex: 'workflowId', key: 'temporal', render: temporalLink },
          ]}
        />
      </Card>
      {startsPending && startsPending.total > 0 ? (
        <Card size="small" title={t('startsPending')}>
          <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('startsPendingHint')} />
          <Table<WaitingCaseStart>
            size="small"
            data-testid="starts-pending"
            rowKey="caseId"
            dataSource={startsPending.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 800 }}
            onRow={(row) => ({ 'data-case-id': row.caseId }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('caseId'), dataIndex: 'caseId', render: (id: string) => <CaseLink id={id} /> },
              { title: t('recordedAt'), dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
              { title: t('attempt'), dataIndex: 'attempts' },
              // Temporal's own message, as it wrote it.
              {
                title: t('lastError'),
                dataIndex: 'lastError',
                render: (text: string | null) => (text ? <Typography.Text type="danger" code>{text}</Typography.Text> : '—'),
              },
            ]}
          />
        </Card>
      ) : null}
      {parked && parked.total > 0 ? (
        <Card
          size="small"
          title={t('outboxParked')}
          extra={
            canReplay ? (
              <Popconfirm title={`${t('outboxRetryAll')}?`} onConfirm={() => retryParked(parked.items.map((item) => item.eventId))}>
                <Button danger loading={retrying === '*'} data-testid="parked-retry-all">
                  {t('outboxRetryAll')}
                </Button>
              </Popconfirm>
            ) : null
          }
        >
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 8 }}
            message={`${t('outboxParkedHint')} ${t('outboxWaitingBehind')}: ${parked.waitingBehind}`}
            description={canReplay ? null : t('outboxRetryAdminOnly')}
          />
          <Table<ParkedEvent>
            size="small"
            data-testid="parked-events"
            rowKey="eventId"
            dataSource={parked.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            onRow={(row) => ({ 'data-event-id': row.eventId }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('caseId'),
                dataIndex: 'key',
                render: (key: string, row) => (row.caseId ? <CaseLink id={row.caseId} /> : <Typography.Text code>{key}</Typography.Text>),
              },
              { title: t('outboxEventType'), dataIndex: 'type', render: (_: string, row) => eventName(row) },
              { title: t('outboxRefusals'), dataIndex: 'refusals' },
              {
                title: t('lastError'),
                dataIndex: 'lastError',
                // The refusal by name; the broker's own text (English) on hover.
                render: (text: string | null) =>
                  text ? (
                    <Tooltip title={text}>
                      <Typography.Text type="danger" data-testid="parked-error" data-error={text}>
                        {nameIn(brokerRefusalNames, brokerRefusalOf(text), language)}
                      </Typography.Text>
                    </Tooltip>
                  ) : (
                    '—'
                  ),
              },
              { title: t('outboxParkedAt'), dataIndex: 'parkedAt', render: (at: string) => formatTime(at) },
              {
                title: t('outboxRetry'),
                key: 'retry',
                render: (_: unknown, row) =>
                  retried.has(row.eventId) ? (
                    <Tag color="green" data-testid="parked-retried">
                      {t('outboxRetried')}
                    </Tag>
                  ) : (
                    <Button
                      size="small"
                      disabled={!canReplay}
                      loading={retrying === row.eventId}
                      data-testid="parked-retry"
                      onClick={() => void retryParked([row.eventId])}
                    >
                      {t('outboxRetry')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      ) : null}
      <Card size="small" title={t('pendingDeadlines')}>
        <Table
          size="small"
          rowKey={(row) => `${row.caseId}/${row.dueAt}`}
          dataSource={data?.pendingDeadlines ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 600 }}
          columns={[
            { title: t('caseId'), dataIndex: 'caseId', render: (id: string) => <CaseLink id={id} /> },
            { title: t('status'), dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
            { title: t('deadline'), dataIndex: 'kind', render: (kind: DeadlineKind | null) => (kind ? nameIn(deadlineKindNames, kind, language) : '—') },
            { title: t('when'), dataIndex: 'dueAt', render: (at: string) => formatTime(at) },
            { title: t('remaining'), dataIndex: 'dueAt', key: 'remaining', render: (at: string) => <Countdown dueAt={at} /> },
            { title: 'Temporal', dataIndex: 'workflowId', render: temporalLink },
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
                { title: t('consumerGroup'), dataIndex: 'groupId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
                { title: t('kafkaTopic'), dataIndex: 'topic', render: (topic: string) => <Typography.Text code>{topic}</Typography.Text> },
                { title: t('consumerLagCount'), dataIndex: 'lag', render: (lag: number) => <Tag color={lag > 0 ? 'orange' : 'green'}>{lag}</Tag> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('deadLetterTopics')}>
            <Table
              size="small"
              rowKey="topic"
              pagination={false}
              dataSource={data?.deadLetters ?? []}
              columns={[
                { title: t('kafkaTopic'), dataIndex: 'topic', render: (topic: string) => <Typography.Text code>{topic}</Typography.Text> },
                { title: t('deadLetterMessages'), dataIndex: 'messages', render: (n: number) => <Tag color={n > 0 ? 'red' : 'green'}>{n}</Tag> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('deadLetters')}
        extra={
          <Space>
            <Button onClick={deadLetters.reload} loading={deadLetters.loading}>
              {t('refresh')}
            </Button>
            {canReplay && (deadLetters.data?.length ?? 0) > 0 ? (
              <Popconfirm title={`${t('replayAll')}?`} onConfirm={() => replay(deadLetters.data?.map((l) => l.id) ?? [])}>
                <Button danger loading={replaying === '*'} data-testid="dead-letter-replay-all">
                  {t('replayAll')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      >
        {!canReplay || deadLetterRefused ? <Alert type="info" showIcon message={t('deadLettersAdminOnly')} style={{ marginBottom: 8 }} /> : null}
        {deadLetters.error && !deadLetterRefused ? <ProblemAlert message={`${t('deadLetters')}: ${deadLetters.error.message}`} /> : null}
        <Table<DeadLetter>
          size="small"
          data-testid="dead-letters"
          rowKey="id"
          loading={deadLetters.loading && !deadLetters.data}
          dataSource={deadLetters.data ?? []}
          locale={{ emptyText: t('noneNow') }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          onRow={(row) => ({ 'data-dead-letter-id': row.id }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('deadLetterId'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
            { title: t('when'), dataIndex: 'timestamp', render: (at: string) => formatTime(at) },
            { title: t('deadLetterSource'), dataIndex: 'source', render: (source: string | null) => (source ? <Typography.Text code>{source}</Typography.Text> : '—') },
            {
              title: t('deadLetterReason'),
              dataIndex: 'reason',
              render: (reason: string | null) => (reason ? <Typography.Text type="danger" code>{reason}</Typography.Text> : '—'),
            },
            { title: t('deadLetterContent'), key: 'summary', render: (_: unknown, row) => <Typography.Text code>{deadLetterSummary(row)}</Typography.Text> },
            {
              title: t('replay'),
              key: 'replay',
              render: (_: unknown, row) =>
                replayed.has(row.id) ? (
                  <Tag color="green" data-testid="dead-letter-replayed">
                    {t('replayed')}
                  </Tag>
                ) : (
                  <Button
                    size="small"
                    disabled={!canReplay}
                    loading={replaying === row.id}
                    data-testid="dead-letter-replay"
                    onClick={() => void replay([row.id])}
                  >
                    {t('replay')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
