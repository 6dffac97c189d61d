import { Button, Card, Descriptions, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { casesApi, type TimelineEntry } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseActions } from '../components/CaseActions';
import { CaseFlags, Countdown, StatusTag, formatTime } from '../components/CaseBits';
import { ProblemAlert } from '../components/problem';
import { useI18n, type Language } from '../i18n';

const eventNames: Record<string, [string, string]> = {
  caseRaised: ['提出问题', 'Raised'],
  caseEnteredLedger: ['进入台账', 'Entered the ledger'],
  caseResolvedOnSpot: ['现场解决', 'Resolved on the spot'],
  caseAssigned: ['交办', 'Assigned'],
  casePublished: ['发布认领', 'Published'],
  caseClaimed: ['认领', 'Claimed'],
  caseReturned: ['退回', 'Returned'],
  caseTransferred: ['转办', 'Transferred'],
  handlingPlanSubmitted: ['报送方案', 'Plan submitted'],
  extensionRequested: ['申请延期', 'Extension requested'],
  extensionApproved: ['批准延期', 'Extension approved'],
  extensionRejected: ['驳回延期', 'Extension rejected'],
  clockPaused: ['暂停计时', 'Clock paused'],
  clockResumed: ['恢复计时', 'Clock resumed'],
  reminderSent: ['到期提醒', 'Reminder'],
  deadlineMissed: ['超过时限', 'Deadline missed'],
  caseEscalated: ['升级督办', 'Escalated'],
  resultReported: ['报送结果', 'Result reported'],
  feedbackGiven: ['反馈群众', 'Feedback given'],
  caseRated: ['群众评价', 'Rated'],
  ratingWindowExpired: ['评价期满', 'Rating window expired'],
  caseReopened: ['重新办理', 'Reopened'],
  caseFlaggedConcentrated: ['标记集中问题', 'Flagged concentrated'],
  caseClosed: ['办结', 'Closed'],
};

// Fields of an event worth a line on the timeline, in this order.
const detailKeys = [
  'route',
  'level',
  'unitId',
  'leadDepartmentId',
  'late',
  'plan',
  'summary',
  'note',
  'reason',
  'rating',
  'comment',
  'trigger',
  'step',
  'targetIds',
  'workingDays',
  'dueAt',
  'claimDueAt',
  'feedbackDueAt',
  'ratingDueAt',
  'forDueAt',
  'closure',
];

function eventName(type: string, language: Language): string {
  const names = eventNames[type];
  return names ? names[language === 'zh' ? 0 : 1] : type;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return formatTime(value);
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function TimelineItemBody({ entry }: { entry: TimelineEntry }) {
  const { language, roleName } = useI18n();
  const actor = entry.event.actor;
  const details = detailKeys.filter((key) => entry.event[key] !== undefined && entry.event[key] !== null);
  const responsibility = entry.event.responsibility as { unit?: string; personName?: string } | undefined;
  return (
    <div data-testid="timeline-entry" data-event-type={entry.type}>
      <Space wrap size={4}>
        <Typography.Text strong>{eventName(entry.type, language)}</Typography.Text>
        <Typography.Text type="secondary">{formatTime(entry.at)}</Typography.Text>
        <Tag>
          {actor?.name ?? actor?.id ?? entry.actorId} · {roleName(actor?.role ?? entry.actorRole)}
        </Tag>
      </Space>
      {details.length || responsibility ? (
        <div style={{ fontSize: 12, color: '#555' }}>
          {details.map((key) => (
            <div key={key}>
              {key}: {describeValue(entry.event[key])}
            </div>
          ))}
          {responsibility ? (
            <div>
              responsibility: {responsibility.unit} · {responsibility.personName}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** One case: its state, its running deadlines and the full audit trail, with the actions the reader may take. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const actor = useActor();
  const { townName, villageName, unitName, settings } = useDirectory();
  const record = useLoader((signal) => casesApi.get(id, signal), [id], 3000);
  const timeline = useLoader((signal) => casesApi.timeline(id, signal), [id], 3000);
  const reload = () => {
    record.reload();
    timeline.reload();
  };
  const item = record.data;
  const view = item?.view;
  const temporalLink =
    settings && item ? `${settings.temporalUiUrl}/namespaces/${settings.temporalNamespace}/workflows/${encodeURIComponent(item.workflowId ?? item.id)}` : null;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <ProblemAlert message={record.error ? record.error.message : null} />
      <Card
        size="small"
        title={
          <Space wrap>
            {t('caseTitle')}
            <Typography.Text code copyable>
              {id}
            </Typography.Text>
            {item ? <StatusTag status={item.status} /> : null}
          </Space>
        }
        extra={<Button onClick={reload}>{t('refresh')}</Button>}
        loading={!item && !record.error}
      >
        {item && view ? (
          <>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
              <Descriptions.Item label={t('category')}>{item.category}</Descriptions.Item>
              <Descriptions.Item label={t('complexity')}>{t(item.complexity as 'simple')}</Descriptions.Item>
              <Descriptions.Item label={`${t('town')} / ${t('village')}`}>
                {townName(item.townId)} · {villageName(item.villageId)}
              </Descriptions.Item>
              <Descriptions.Item label={t('handler')}>
                {view.handler ? unitName(view.handler.level, view.handler.unitId) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('responsible')}>
                {view.responsibility ? `${view.responsibility.unit} · ${view.responsibility.personName}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('escalation')}>
                {view.supervision ? `${view.supervision.level}: ${view.supervision.leaderIds.join(', ')}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('nextDeadline')}>
                <Countdown dueAt={view.nextDeadline?.dueAt} kind={view.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('rating')}>{item.rating ? t(item.rating as 'satisfied') : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>
                <CaseFlags overdue={view.overdue} escalationLevel={view.escalationLevel} paused={Boolean(view.paused)} concentrated={view.concentrated} />
              </Descriptions.Item>
              <Descriptions.Item label={t('description')} span={3}>
                {item.description}
              </Descriptions.Item>
            </Descriptions>
            <div style={{ marginTop: 12 }}>
              <CaseActions
                item={{ ...item, pendingExtension: Boolean(view.pendingExtension), supervisorIds: view.supervision?.leaderIds }}
                onDone={reload}
              />
            </div>
            {actor.role === 'admin' && temporalLink ? (
              <div style={{ marginTop: 8 }}>
                <a href={temporalLink} target="_blank" rel="noreferrer" data-testid="temporal-link">
                  {t('temporalLink')}
                </a>
              </div>
            ) : null}
          </>
        ) : null}
      </Card>
      {view && view.deadlines.length ? (
        <Card size="small" title={t('deadlines')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={view.deadlines}
            scroll={{ x: 480 }}
            columns={[
              { title: t('deadline'), dataIndex: 'kind', render: (kind: string, d) => `${kind}${d.step ? ` #${d.step}` : ''}` },
              { title: t('when'), dataIndex: 'dueAt', render: (at: string) => formatTime(at) },
              { title: t('remaining'), dataIndex: 'dueAt', render: (at: string, d) => (d.running ? <Countdown dueAt={at} /> : t('paused')) },
            ]}
          />
        </Card>
      ) : null}
      <Card size="small" title={t('timeline')} loading={!timeline.data && !timeline.error}>
        <Timeline
          data-testid="timeline"
          items={(timeline.data ?? []).map((entry) => ({
            key: entry.seq,
            color: entry.type === 'caseEscalated' || entry.type === 'deadlineMissed' ? 'red' : entry.type === 'caseClosed' ? 'green' : 'blue',
            content: <TimelineItemBody entry={entry} />,
          }))}
        />
      </Card>
    </Space>
  );
}
