import {
  Alert,
  Button,
  Card,
  Checkbox,
  Collapse,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
  message,
} from 'antd';
import { useState, type ReactNode } from 'react';
import {
  convenerRoles,
  meetingLevels,
  meetingModes,
  meetingTopics,
  type Meeting,
  type MeetingFigures,
  type MeetingLevel,
  type MeetingMode,
  type MeetingPlace,
  type MeetingTopic,
  type Role,
} from '@bishan/domain';
import { casesApi, type RaisedCase } from '../api/cases';
import { caseApi, newIdempotencyKey, queryString, useActor, type Actor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseLink, formatTime } from '../components/CaseBits';
import { CaseTable } from '../components/CaseTable';
import { KeyHouseholdVisits } from '../components/KeyHouseholdVisits';
import { useCourtyardOptions } from '../components/CourtyardPicker';
import { ProblemAlert, applyProblem } from '../components/problem';
import { type MessageKey, useI18n } from '../i18n';

/** A meeting as GET /meetings answers it: the domain's record with its figures. */
type MeetingRecord = Meeting & { figures: MeetingFigures };

const levelNames: Record<MeetingLevel, MessageKey> = {
  village: 'levelVillage',
  town: 'levelTown',
  district: 'levelDistrict',
};
const modeNames: Record<MeetingMode, MessageKey> = { inPerson: 'modeInPerson', online: 'modeOnline' };
const topicNames: Record<MeetingTopic, MessageKey> = {
  policyBriefing: 'topicPolicyBriefing',
  workPlanNotice: 'topicWorkPlanNotice',
  villageAffairsDisclosure: 'topicVillageAffairsDisclosure',
  opinionCollection: 'topicOpinionCollection',
  commendation: 'topicCommendation',
  onSpotProblemSolving: 'topicOnSpotProblemSolving',
  progressReport: 'topicProgressReport',
  mutualHelp: 'topicMutualHelp',
};

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** The levels this person may convene, by the domain's rule (the API refuses the others). */
function levelsFor(role: string): MeetingLevel[] {
  return meetingLevels.filter((level) => (convenerRoles[level] as readonly string[]).includes(role as Role));
}

/**
 * Where a meeting of this level is held, from the convener's own scope: a village meeting in their
 * village (or the one chosen), a town meeting in their town; a district meeting at their town if
 * they have one, else nowhere (allowed online only, which the API says if not).
 */
function placeFor(level: MeetingLevel, actor: Actor, chosenVillageId: unknown): MeetingPlace | undefined {
  if (level === 'village') {
    const villageId = actor.villageId ?? (typeof chosenVillageId === 'string' ? chosenVillageId : undefined);
    return { townId: actor.townId ?? '', ...(villageId ? { villageId } : {}) };
  }
  return actor.townId ? { townId: actor.townId } : undefined;
}

interface FieldSpec {
  name: string;
  /** The body field's path when it differs from the form's (for problem documents). */
  apiName?: string;
  label: string;
  kind: 'number' | 'text' | 'textarea' | 'select' | 'multiselect' | 'checkbox';
  required?: boolean;
  options?: { value: string; label: string }[];
  initial?: unknown;
}

/**
 * A small labelled form that posts to one endpoint and shows the API's field errors next to their
 * fields (rule refusals that name no field above the form). Enter in a field submits it.
 */
function EndpointForm<T>(props: {
  name: string;
  fields: FieldSpec[];
  submitLabel: string;
  help?: ReactNode;
  send: (values: Record<string, unknown>, key: string) => Promise<T>;
  onDone: (result: T) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  return (
    <Form
      form={form}
      name={props.name}
      layout="vertical"
      initialValues={Object.fromEntries(props.fields.map((f) => [f.name, f.initial]))}
      onFinish={(values: Record<string, unknown>) => {
        setBusy(true);
        setProblem(null);
        props
          .send(values, key)
          .then((result) => {
            void message.success(t('done'));
            form.resetFields();
            setKey(newIdempotencyKey());
            props.onDone(result);
          })
          .catch((error: unknown) =>
            setProblem(
              applyProblem(
                form,
                error,
                props.fields.map((f) => ({ api: f.apiName ?? f.name, form: f.name })),
              ),
            ),
          )
          .finally(() => setBusy(false));
      }}
    >
      <ProblemAlert message={problem} />
      {props.help ? <Typography.Paragraph type="secondary">{props.help}</Typography.Paragraph> : null}
      {props.fields.map((field) => (
        <Form.Item
          key={field.name}
          name={field.name}
          label={field.label}
          valuePropName={field.kind === 'checkbox' ? 'checked' : 'value'}
          rules={field.required ? [{ required: true, message: `${field.label}: ${t('required')}` }] : []}
        >
          {field.kind === 'number' ? (
            <InputNumber min={0} precision={0} inputMode="numeric" style={{ width: '100%' }} />
          ) : field.kind === 'textarea' ? (
            <Input.TextArea rows={2} />
          ) : field.kind === 'select' || field.kind === 'multiselect' ? (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              mode={field.kind === 'multiselect' ? 'multiple' : undefined}
              options={field.options}
            />
          ) : field.kind === 'checkbox' ? (
            <Checkbox />
          ) : (
            <Input />
          )}
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid={`${props.name}-submit`}>
        {props.submitLabel}
      </Button>
    </Form>
  );
}

/**
 * What the meeting should know of the issue just entered: the open cases it probably repeats (the
 * person may have reported it before, or a neighbour has), and that it waits to start when Temporal
 * was away. Stays until dismissed or the next issue is entered.
 */
function EnteredIssueNotice({ raised, onClose }: { raised: RaisedCase; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 8 }}>
      {raised.likelyDuplicateCount > 0 ? (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={onClose}
          data-testid="entered-issue-duplicates"
          message={t('enteredIssueRepeats')}
          description={
            <Space wrap size={12}>
              {raised.likelyDuplicates.map((duplicate) => (
                <span key={duplicate.caseId}>
                  <CaseLink id={duplicate.caseId} />{' '}
                  <Typography.Text type="secondary">{formatTime(duplicate.raisedAt)}</Typography.Text>
                </span>
              ))}
              <Typography.Text type="secondary">
                {t('likelyDuplicatesInAll')} {raised.likelyDuplicateCount}
              </Typography.Text>
            </Space>
          }
        />
      ) : null}
      {raised.startPending ? (
        <Alert type="info" showIcon closable onClose={onClose} message={t('raisedWaitingToStart')} />
      ) : null}
    </Space>
  );
}

/** One meeting: its figures, and while open the forms to record attendance, add issues and close it. */
function MeetingPanel({ meeting, onChanged }: { meeting: MeetingRecord; onChanged: () => void }) {
  const { t } = useI18n();
  const actor = useActor();
  const { organisation } = useDirectory();
  const open = meeting.status === 'open';
  // The issues entered against this meeting; new ones reach the ledger a moment after they are raised.
  const cases = useLoader(
    (signal) => casesApi.ledger({ meetingId: meeting.id, sort: 'raisedAt', limit: 200 }, signal),
    [meeting.id],
    open ? 3000 : undefined,
  );
  const recorded = cases.data?.items ?? [];
  const [entered, setEntered] = useState<RaisedCase | null>(null);
  const resolvedHere = recorded.filter((row) => row.resolvedOnSpot).length;
  const townId = meeting.place?.townId ?? actor.townId;
  const villages = (organisation?.villages ?? []).filter((v) => !townId || v.townId === townId);
  const figure = (name: string, value: ReactNode) => <span data-testid={`figure-${name}`}>{value}</span>;

  return (
    <div data-meeting-id={meeting.id} data-meeting-status={meeting.status}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered data-testid="meeting-figures">
          <Descriptions.Item label={t('invitedHouseholds')}>
            {figure('invitedHouseholds', meeting.invitedHouseholds)}
          </Descriptions.Item>
          <Descriptions.Item label={t('householdsAtHome')}>
            {figure('householdsAtHome', meeting.attendance?.householdsAtHome ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('attendees')}>
            {figure('attendees', meeting.attendance?.attendees ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('participationRate')}>
            {figure('participationRate', percent(meeting.figures.participationRate))}
          </Descriptions.Item>
          <Descriptions.Item label={t('issuesRaised')}>
            {figure('issuesRaised', meeting.result?.issuesRaised ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('resolvedOnSpot')}>
            {figure('resolvedOnSpot', meeting.result?.resolvedOnSpot ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('onSiteRate')}>
            {figure('onSiteResolutionRate', percent(meeting.figures.onSiteResolutionRate))}
          </Descriptions.Item>
          <Descriptions.Item label={t('topics')}>
            {meeting.topics.map((topic) => t(topicNames[topic])).join('、') || '—'}
          </Descriptions.Item>
        </Descriptions>
        <Card size="small" title={`${t('meetingIssues')} (${recorded.length})`}>
          <CaseTable
            rows={cases.data?.items}
            loading={cases.loading && !cases.data}
            onChanged={cases.reload}
            showActions={false}
            testId="meeting-cases"
          />
        </Card>
        {meeting.place?.villageId ? (
          <KeyHouseholdVisits
            meetingId={meeting.id}
            villageId={meeting.place.villageId}
            // The convener writes them up while the meeting is open or within a day of its close.
            editable={
              (actor.role === 'admin' || actor.id === meeting.convener.id) &&
              (open || Date.now() - Date.parse(meeting.closedAt ?? meeting.openedAt) < 24 * 3_600_000)
            }
          />
        ) : null}
        {open ? (
          <>
            <Card size="small" title={t('attendance')}>
              {/* Keyed by the recorded counts: after saving, the form shows them, ready for a correction. */}
              <EndpointForm
                key={`${meeting.attendance?.householdsAtHome}/${meeting.attendance?.attendees}`}
                name={`attendance-${meeting.id}`}
                submitLabel={t('save')}
                fields={[
                  {
                    name: 'householdsAtHome',
                    label: t('householdsAtHome'),
                    kind: 'number',
                    required: true,
                    initial: meeting.attendance?.householdsAtHome,
                  },
                  {
                    name: 'attendees',
                    label: t('attendees'),
                    kind: 'number',
                    required: true,
                    initial: meeting.attendance?.attendees,
                  },
                ]}
                send={(values) => caseApi.post(`/meetings/${meeting.id}/attendance`, values)}
                onDone={onChanged}
              />
            </Card>
            <Card size="small" title={t('addIssue')}>
              {entered && (entered.likelyDuplicateCount > 0 || entered.startPending) ? (
                <EnteredIssueNotice raised={entered} onClose={() => setEntered(null)} />
              ) : null}
              <EndpointForm
                name={`issue-${meeting.id}`}
                submitLabel={t('addIssue')}
                fields={[
                  {
                    name: 'category',
                    label: t('category'),
                    kind: 'select',
                    required: true,
                    options: (organisation?.categories ?? []).map((c) => ({ value: c, label: c })),
                  },
                  { name: 'description', label: t('description'), kind: 'textarea', required: true },
                  {
                    name: 'villageId',
                    apiName: 'location.villageId',
                    label: t('village'),
                    kind: 'select',
                    required: true,
                    options: villages.map((v) => ({ value: v.id, label: v.name })),
                    initial: meeting.place?.villageId ?? actor.villageId,
                  },
                  { name: 'reporterId', apiName: 'reporterIds', label: t('reporter'), kind: 'text' },
                  { name: 'resolvedOnSpot', label: t('resolveOnSpot'), kind: 'checkbox' },
                  {
                    name: 'summary',
                    apiName: 'resolvedOnSpot.summary',
                    label: t('resolveSummary'),
                    kind: 'textarea',
                  },
                ]}
                send={(values, key) =>
                  casesApi.raise(
                    {
                      category: values.category,
                      description: values.description,
                      channel: 'meeting',
                      meetingId: meeting.id,
                      location: { townId, villageId: values.villageId },
                      reporterIds: values.reporterId ? [values.reporterId] : [actor.id],
                      ...(values.resolvedOnSpot
                        ? { resolvedOnSpot: { summary: values.summary || '现场解决' } }
                        : {}),
                    },
                    key,
                  )
                }
                onDone={(raised) => {
                  setEntered(raised);
                  cases.reload();
                }}
              />
            </Card>
            <Card size="small" title={t('closeMeeting')}>
              {/* Keyed by the recorded counts: the prefilled figures follow each issue added. */}
              <EndpointForm
                key={`${recorded.length}/${resolvedHere}`}
                name={`close-${meeting.id}`}
                submitLabel={t('closeMeeting')}
                help={t('meetingFiguresHint')}
                fields={[
                  {
                    name: 'issuesRaised',
                    label: t('issuesRaised'),
                    kind: 'number',
                    required: true,
                    initial: recorded.length,
                  },
                  {
                    name: 'resolvedOnSpot',
                    label: t('resolvedOnSpot'),
                    kind: 'number',
                    required: true,
                    initial: resolvedHere,
                  },
                ]}
                send={(values) => caseApi.post(`/meetings/${meeting.id}/close`, values)}
                onDone={onChanged}
              />
            </Card>
          </>
        ) : null}
      </Space>
    </div>
  );
}

/** Meeting capture on a phone: open, record attendance, add issues (resolved on the spot or not), close with figures. */
export function MeetingsPage() {
  const { t } = useI18n();
  const actor = useActor();
  const { townName, villageName, organisation } = useDirectory();
  const meetings = useLoader(
    (signal) =>
      caseApi.get<{ items: MeetingRecord[] }>(
        `/meetings${queryString({ townId: actor.townId, villageId: actor.role === 'village-secretary' ? actor.villageId : undefined, limit: 50 })}`,
        signal,
      ),
    [],
  );
  const [expanded, setExpanded] = useState<string[]>([]);
  const levels = levelsFor(actor.role);
  // Town staff and admins choose the village of a village meeting; a secretary holds it in their own.
  const choosesVillage = !actor.villageId && levels.includes('village');
  const villages = (organisation?.villages ?? []).filter((v) => !actor.townId || v.townId === actor.townId);
  // A secretary meets in one residents' group at a time (their half-yearly duty): the courtyard says which.
  const courtyards = useCourtyardOptions(actor.villageId).flatMap((g) => g.options);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%', maxWidth: 720, margin: '0 auto' }}>
      <Card size="small" title={t('openMeeting')}>
        <EndpointForm<MeetingRecord>
          name="open-meeting"
          submitLabel={t('openMeeting')}
          fields={[
            {
              name: 'level',
              label: t('level'),
              kind: 'select',
              required: true,
              options: levels.map((l) => ({ value: l, label: t(levelNames[l]) })),
              initial: levels[0],
            },
            ...(choosesVillage
              ? [
                  {
                    name: 'villageId',
                    apiName: 'place.villageId',
                    label: t('village'),
                    kind: 'select' as const,
                    options: villages.map((v) => ({ value: v.id, label: v.name })),
                  },
                ]
              : []),
            ...(actor.villageId
              ? [{ name: 'courtyardId', apiName: 'place.courtyardId', label: t('meetingCourtyard'), kind: 'select' as const, options: courtyards }]
              : []),
            {
              name: 'mode',
              label: t('mode'),
              kind: 'select',
              required: true,
              options: meetingModes.map((m) => ({ value: m, label: t(modeNames[m]) })),
              initial: 'inPerson',
            },
            { name: 'invitedHouseholds', label: t('invitedHouseholds'), kind: 'number', required: true },
            {
              name: 'topics',
              label: t('topics'),
              kind: 'multiselect',
              options: meetingTopics.map((topic) => ({ value: topic, label: t(topicNames[topic]) })),
              initial: ['onSpotProblemSolving'],
            },
          ]}
          send={({ villageId, courtyardId, ...values }, key) => {
            const chosen = placeFor(values.level as MeetingLevel, actor, villageId);
            const place = chosen && values.level === 'village' && typeof courtyardId === 'string' ? { ...chosen, courtyardId } : chosen;
            return caseApi.post<MeetingRecord>(
              '/meetings',
              {
                ...values,
                topics: values.topics ?? [],
                scheduledAt: new Date().toISOString(),
                ...(place ? { place } : {}),
              },
              key,
            );
          }}
          onDone={(opened) => {
            // On a phone the next step is this meeting's attendance: open its panel at once.
            setExpanded((keys) => [opened.id, ...keys]);
            meetings.reload();
          }}
        />
      </Card>
      <Card
        size="small"
        title={t('meetingsTitle')}
        extra={<Button onClick={meetings.reload}>{t('refresh')}</Button>}
      >
        <Collapse
          activeKey={expanded}
          onChange={(keys) => setExpanded(Array.isArray(keys) ? keys : [keys])}
          data-testid="meetings"
          items={(meetings.data?.items ?? []).map((meeting) => ({
            key: meeting.id,
            label: (
              <Space wrap data-testid="meeting-label">
                <Tag color={meeting.status === 'open' ? 'green' : 'default'}>
                  {t(meeting.status === 'open' ? 'meetingOpen' : 'meetingClosed')}
                </Tag>
                {t(levelNames[meeting.level])}
                {formatTime(meeting.scheduledAt)}
                {meeting.place
                  ? `${townName(meeting.place.townId)} ${meeting.place.villageId ? villageName(meeting.place.villageId) : ''}`
                  : t('meetingNoPlace')}
              </Space>
            ),
            children: <MeetingPanel meeting={meeting} onChanged={meetings.reload} />,
          }))}
        />
      </Card>
    </Space>
  );
}
