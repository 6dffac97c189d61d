import { Alert, Button, Card, Descriptions, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { useParams } from 'react-router-dom';
import { casesApi, type TimelineEntry } from '../api/cases';
import { useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseActions } from '../components/CaseActions';
import { CaseFlags, CaseLink, Countdown, StatusTag, formatTime } from '../components/CaseBits';
import { ProblemAlert } from '../components/problem';
import { publicReference, type CaseEvent, type CaseEventType, type CaseView, type DeadlineKind, type JointTask } from '@bishan/domain';
import { usePersonName } from '../api/people';
import { useI18n } from '../i18n';
import {
  deadlineKindNames,
  escalationTriggerNames,
  eventSentence,
  eventTypeNames,
  nameIn,
  pauseReasonNames,
  ratingChannelNames,
  supervisionLevelNames,
} from '../labels/case-labels';

/** The timeline's entry: what happened, when, who, and a sentence with names instead of ids. */
function TimelineItemBody({ entry }: { entry: TimelineEntry }) {
  const { t, language, roleName } = useI18n();
  const { unitName, departmentName } = useDirectory();
  const personName = usePersonName();
  const known = entry.type in eventTypeNames;
  const actor = entry.event?.actor;
  // A resident's timeline has no event, only what was told to the residents.
  const sentence =
    known && entry.event
      ? eventSentence(entry.event as unknown as CaseEvent, { language, person: personName, unit: unitName, department: departmentName, time: formatTime })
      : [entry.summary, entry.note, entry.rating ? t(entry.rating as 'satisfied') : undefined, entry.comment].filter(Boolean).join(' · ') || null;
  return (
    <div data-testid="timeline-entry" data-event-type={entry.type}>
      <Space wrap size={4}>
        <Typography.Text strong>{known ? nameIn(eventTypeNames, entry.type as CaseEventType, language) : entry.type}</Typography.Text>
        <Typography.Text type="secondary">{formatTime(entry.at)}</Typography.Text>
        <Tag>
          {entry.byMe
            ? t('me')
            : actor?.role === 'system' || entry.actorRole === 'system'
              ? roleName('system')
              : `${actor ? (actor.name ?? personName(actor.id)) : ''}${actor ? ' · ' : ''}${roleName(actor?.role ?? entry.actorRole)}`}
        </Tag>
      </Space>
      {sentence ? <div style={{ fontSize: 12, color: '#555' }}>{sentence}</div> : null}
    </div>
  );
}

/** One case: its state, its running deadlines and the full audit trail, with the actions the reader may take. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const actor = useActor();
  const { townName, villageName, unitName, settings } = useDirectory();
  const personName = usePersonName();
  // After one's own action, the reads wait for its events (read-your-writes), then refresh as usual.
  const ownWrite = useRef(0);
  const record = useLoader((signal) => casesApi.get(id, signal, ownWrite.current), [id], 3000);
  const timeline = useLoader((signal) => casesApi.timeline(id, signal, ownWrite.current), [id], 3000);
  const reload = (eventSeq?: number) => {
    if (eventSeq) ownWrite.current = Math.max(ownWrite.current, eventSeq);
    record.reload();
    timeline.reload();
  };
  const item = record.data;
  const view = item?.view as CaseView | undefined;
  const temporalLink =
    settings && item ? `${settings.temporalUiUrl}/namespaces/${settings.temporalNamespace}/workflows/${encodeURIComponent(item.workflowId ?? item.id)}` : null;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <ProblemAlert message={record.error ? record.error.message : null} />
      {/* Recorded while Temporal was away: the worker starts its workflow once Temporal answers. */}
      {item?.startPending ? <Alert type="warning" showIcon message={t('caseStartPending')} data-testid="case-start-pending" /> : null}
      <Card
        size="small"
        title={
          <Space wrap>
            {t('caseTitle')}
            {/* The reference residents see on notices; copying gives the full id, for support. */}
            <Typography.Text code copyable={{ text: id }} title={id} data-testid="case-reference">
              {publicReference(id)}
            </Typography.Text>
            {item ? <StatusTag status={item.status} /> : null}
          </Space>
        }
        extra={<Button onClick={() => reload()}>{t('refresh')}</Button>}
        loading={!item && !record.error}
      >
        {item && !view ? (
          <>
            {/* A resident's own case: where it stands and which unit handles it, no staff or internal notes. */}
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered data-testid="resident-case">
              <Descriptions.Item label={t('category')}>{item.category}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>
                <StatusTag status={item.status} />
              </Descriptions.Item>
              <Descriptions.Item label={`${t('town')} / ${t('village')}`}>
                {townName(item.townId)} · {villageName(item.villageId)}
              </Descriptions.Item>
              <Descriptions.Item label={t('handler')}>{item.handlerUnitId ? unitName(item.handlerLevel, item.handlerUnitId) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('nextDeadline')}>
                <Countdown dueAt={item.nextDeadlineAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('description')} span={2}>
                {item.description}
              </Descriptions.Item>
            </Descriptions>
            <div style={{ marginTop: 12 }}>
              <CaseActions item={item} onDone={reload} />
            </div>
          </>
        ) : null}
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
                {view.supervision
                  ? `${nameIn(supervisionLevelNames, view.supervision.level, language)}:${view.supervision.leaderIds.map(personName).join('、')}`
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('nextDeadline')}>
                <Countdown dueAt={view.nextDeadline?.dueAt} kind={view.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('rating')}>{item.rating ? t(item.rating as 'satisfied') : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>
                <Space size={2} wrap>
                  <StatusTag status={item.status} />
                  <CaseFlags overdue={view.overdue} escalationLevel={view.escalationLevel} paused={Boolean(view.paused)} concentrated={view.concentrated} />
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('description')} span={3}>
                {item.description}
              </Descriptions.Item>
              {item.likelyDuplicateCount ? (
                <Descriptions.Item label={<Tooltip title={t('likelyDuplicatesHint')}>{t('likelyDuplicates')}</Tooltip>} span={3}>
                  <Space wrap size={12} data-testid="likely-duplicates">
                    {item.likelyDuplicates?.map((duplicate) => (
                      <span key={duplicate.caseId}>
                        <CaseLink id={duplicate.caseId} /> <Typography.Text type="secondary">{formatTime(duplicate.raisedAt)}</Typography.Text>
                      </span>
                    ))}
                    <Typography.Text type="secondary">
                      {t('likelyDuplicatesInAll')} {item.likelyDuplicateCount}
                    </Typography.Text>
                  </Space>
                </Descriptions.Item>
              ) : null}
              {view.escalation ? (
                <Descriptions.Item label={t('latestEscalation')} span={3}>
                  <span data-testid="latest-escalation">
                    {nameIn(escalationTriggerNames, view.escalation.trigger, language)} · {view.escalation.targetIds.map(personName).join('、')} ·{' '}
                    {view.escalation.acknowledged
                      ? `${t('acknowledgedBy')} ${personName(view.escalation.acknowledged.byActorId)}`
                      : t('notYetSeen')}
                  </span>
                </Descriptions.Item>
              ) : null}
              {view.pendingPause ? (
                <Descriptions.Item label={t('pendingPause')} span={3}>
                  {nameIn(pauseReasonNames, view.pendingPause.reason, language)} · {view.pendingPause.workingDays} {t('workingDaysUnit')}
                  {view.pendingPause.note ? ` · ${view.pendingPause.note}` : ''}
                </Descriptions.Item>
              ) : null}
              {view.instructions.length ? (
                <Descriptions.Item label={t('openInstructions')} span={3}>
                  <Space direction="vertical" size={0} data-testid="open-instructions">
                    {view.instructions.map((i) => (
                      <span key={i.instructionId}>
                        {personName(i.byActorId)}:{i.text}({t('ackBy')} {formatTime(i.ackDueAt)})
                      </span>
                    ))}
                  </Space>
                </Descriptions.Item>
              ) : null}
              {view.collectedRating ? (
                <Descriptions.Item label={t('collectedRating')} span={3}>
                  {t(view.collectedRating.rating)} · {nameIn(ratingChannelNames, view.collectedRating.channel, language)} ·{' '}
                  {personName(view.collectedRating.collectedByActorId)}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {view.provisionalDeadlines ? (
              <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('provisionalDeadlinesNotice')} data-testid="provisional-notice" />
            ) : null}
            <div style={{ marginTop: 12 }}>
              <CaseActions item={item} view={view} onDone={reload} />
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
      {view && view.jointTasks?.length ? (
        <Card size="small" title={t('jointTasksTitle')}>
          <Table
            size="small"
            rowKey="taskId"
            pagination={false}
            data-testid="joint-tasks"
            dataSource={[...view.jointTasks]}
            scroll={{ x: 640 }}
            columns={[
              { title: t('jointTaskUnit'), dataIndex: 'unit', render: (unit: JointTask['unit']) => unitName(unit.level, unit.unitId) },
              { title: t('jointTaskText'), dataIndex: 'task' },
              { title: t('personName'), dataIndex: 'personName' },
              {
                title: t('jointTaskDue'),
                dataIndex: 'dueAt',
                render: (at: string, task) => (
                  <Space direction="vertical" size={0}>
                    {formatTime(at)}
                    {task.status === 'open' ? <Countdown dueAt={at} /> : null}
                  </Space>
                ),
              },
              {
                title: t('jointTaskStatus'),
                dataIndex: 'status',
                render: (status: JointTask['status'], task) => (
                  <Space direction="vertical" size={0}>
                    <Tag color={jointTaskColour[status]} data-testid={`joint-task-${status}`}>
                      {t(jointTaskStatusLabel[status])}
                      {task.outcome?.late ? `(${t('jointTaskLate')})` : ''}
                    </Tag>
                    {task.outcome ? <Typography.Text type="secondary">{task.outcome.text}</Typography.Text> : null}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      {view && view.deadlines.length ? (
        <Card size="small" title={t('deadlines')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={[...view.deadlines]}
            scroll={{ x: 480 }}
            columns={[
              {
                title: t('deadline'),
                dataIndex: 'kind',
                render: (kind: DeadlineKind, d) => (
                  <span>
                    {deadlineName(kind, d, view.deadlines, language)}
                    {d.provisional ? (
                      <Tag color="orange" style={{ marginLeft: 4 }} data-testid="provisional-tag">
                        {t('provisional')}
                      </Tag>
                    ) : null}
                  </span>
                ),
              },
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

const jointTaskStatusLabel = {
  open: 'jointTaskOpen',
  done: 'jointTaskDone',
  explained: 'jointTaskExplained',
  withdrawn: 'jointTaskWithdrawn',
} as const satisfies Record<JointTask['status'], string>;

const jointTaskColour: Record<JointTask['status'], string> = { open: 'blue', done: 'green', explained: 'orange', withdrawn: 'default' };

/** 提醒(办理时限 80%), 升级(办理时限 第2级), or the deadline's own name. */
function deadlineName(
  kind: DeadlineKind,
  d: CaseView['deadlines'][number],
  all: CaseView['deadlines'],
  language: 'zh' | 'en',
): string {
  const name = nameIn(deadlineKindNames, kind, language);
  if (d.reminds) {
    const of = all.find((p) => p.id === d.reminds?.deadlineId)?.kind;
    const ofName = of ? nameIn(deadlineKindNames, of, language) : '';
    return language === 'zh' ? `${name}(${ofName} ${Math.round(d.reminds.fraction * 100)}%)` : `${name} (${ofName}, ${Math.round(d.reminds.fraction * 100)} %)`;
  }
  if (kind === 'escalation' && d.forKind) {
    const of = nameIn(deadlineKindNames, d.forKind, language);
    return language === 'zh' ? `${name}(${of} 第${d.step}级${d.repeat ? `,再提醒${d.repeat}` : ''})` : `${name} (${of}, step ${d.step}${d.repeat ? `, reminder ${d.repeat}` : ''})`;
  }
  return name;
}

