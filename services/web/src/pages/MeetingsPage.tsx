import { Button, Card, Checkbox, Collapse, Descriptions, Form, Input, InputNumber, Select, Space, Tag, message } from 'antd';
import { useState } from 'react';
import { casesApi } from '../api/cases';
import { caseApi, newIdempotencyKey, queryString, useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { formatTime } from '../components/CaseBits';
import { ProblemAlert, applyProblem } from '../components/problem';
import { useI18n } from '../i18n';

interface MeetingRecord {
  id: string;
  level: 'district' | 'town' | 'village';
  scheduledAt: string;
  place?: { townId: string; villageId?: string; courtyardId?: string };
  mode: string;
  invitedHouseholds: number;
  topics: string[];
  status: 'open' | 'closed';
  attendance?: { householdsAtHome: number; attendees: number };
  result?: { issuesRaised: number; resolvedOnSpot: number };
  participationRate?: number | null;
  onSiteResolutionRate?: number | null;
  [key: string]: unknown;
}

const topics = [
  'policyBriefing',
  'workPlanNotice',
  'villageAffairsDisclosure',
  'opinionCollection',
  'commendation',
  'onSpotProblemSolving',
  'progressReport',
  'mutualHelp',
];

/** A small labelled form that posts to one endpoint and shows the API's field errors in place. */
function EndpointForm(props: {
  name: string;
  fields: {
    name: string;
    /** The body field's path when it differs from the form's (for problem documents). */
    apiName?: string;
    label: string;
    kind: 'number' | 'text' | 'textarea' | 'select' | 'checkbox';
    required?: boolean;
    options?: string[];
    initial?: unknown;
  }[];
  submitLabel: string;
  send: (values: Record<string, unknown>, key: string) => Promise<unknown>;
  onDone: () => void;
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
          .then(() => {
            void message.success(t('done'));
            form.resetFields();
            setKey(newIdempotencyKey());
            props.onDone();
          })
          .catch((error: unknown) =>
            setProblem(applyProblem(form, error, props.fields.map((f) => ({ api: f.apiName ?? f.name, form: f.name })))),
          )
          .finally(() => setBusy(false));
      }}
    >
      <ProblemAlert message={problem} />
      {props.fields.map((field) => (
        <Form.Item
          key={field.name}
          name={field.name}
          label={field.label}
          valuePropName={field.kind === 'checkbox' ? 'checked' : 'value'}
          rules={field.required ? [{ required: true, message: `${field.label}: ${t('required')}` }] : []}
        >
          {field.kind === 'number' ? (
            <InputNumber min={0} style={{ width: '100%' }} />
          ) : field.kind === 'textarea' ? (
            <Input.TextArea rows={2} />
          ) : field.kind === 'select' ? (
            <Select mode={field.name === 'topics' ? 'multiple' : undefined} options={field.options?.map((o) => ({ value: o, label: o }))} />
          ) : field.kind === 'checkbox' ? (
            <Checkbox />
          ) : (
            <Input />
          )}
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit" loading={busy} block>
        {props.submitLabel}
      </Button>
    </Form>
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
  const defaultLevel = actor.role === 'village-secretary' ? 'village' : actor.role === 'town-leader' ? 'town' : 'district';
  const place =
    defaultLevel === 'district' ? undefined : { townId: actor.townId, ...(defaultLevel === 'village' ? { villageId: actor.villageId } : {}) };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%', maxWidth: 720, margin: '0 auto' }}>
      <Card size="small" title={t('openMeeting')}>
        <EndpointForm
          name="open-meeting"
          submitLabel={t('openMeeting')}
          fields={[
            { name: 'level', label: t('level'), kind: 'select', required: true, options: ['village', 'town', 'district'], initial: defaultLevel },
            { name: 'mode', label: t('mode'), kind: 'select', required: true, options: ['inPerson', 'online'], initial: 'inPerson' },
            { name: 'invitedHouseholds', label: t('invitedHouseholds'), kind: 'number', required: true },
            { name: 'topics', label: t('topics'), kind: 'select', options: topics, initial: ['onSpotProblemSolving'] },
          ]}
          send={(values, key) =>
            caseApi.post(
              '/meetings',
              { ...values, topics: values.topics ?? [], scheduledAt: new Date().toISOString(), ...(place ? { place } : {}) },
              key,
            )
          }
          onDone={meetings.reload}
        />
      </Card>
      <Card size="small" title={t('meetingsTitle')} extra={<Button onClick={meetings.reload}>{t('refresh')}</Button>}>
        <Collapse
          items={(meetings.data?.items ?? []).map((meeting) => ({
            key: meeting.id,
            label: (
              <Space wrap>
                <Tag color={meeting.status === 'open' ? 'green' : 'default'}>{meeting.status}</Tag>
                {formatTime(meeting.scheduledAt)}
                {meeting.place ? `${townName(meeting.place.townId)} ${meeting.place.villageId ? villageName(meeting.place.villageId) : ''}` : ''}
              </Space>
            ),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
                  <Descriptions.Item label={t('invitedHouseholds')}>{meeting.invitedHouseholds}</Descriptions.Item>
                  <Descriptions.Item label={t('householdsAtHome')}>{meeting.attendance?.householdsAtHome ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('attendees')}>{meeting.attendance?.attendees ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('issuesRaised')}>{meeting.result?.issuesRaised ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('resolvedOnSpot')}>{meeting.result?.resolvedOnSpot ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('topics')}>{meeting.topics.join(', ')}</Descriptions.Item>
                </Descriptions>
                {meeting.status === 'open' ? (
                  <>
                    <Card size="small" title={t('attendance')}>
                      <EndpointForm
                        name={`attendance-${meeting.id}`}
                        submitLabel={t('save')}
                        fields={[
                          { name: 'householdsAtHome', label: t('householdsAtHome'), kind: 'number', required: true },
                          { name: 'attendees', label: t('attendees'), kind: 'number', required: true },
                        ]}
                        send={(values) => caseApi.post(`/meetings/${meeting.id}/attendance`, values)}
                        onDone={meetings.reload}
                      />
                    </Card>
                    <Card size="small" title={t('addIssue')}>
                      <EndpointForm
                        name={`issue-${meeting.id}`}
                        submitLabel={t('addIssue')}
                        fields={[
                          { name: 'category', label: t('category'), kind: 'select', required: true, options: organisation?.categories ?? [] },
                          { name: 'description', label: t('description'), kind: 'textarea', required: true },
                          { name: 'villageId', apiName: 'location.villageId', label: t('village'), kind: 'text', required: true, initial: meeting.place?.villageId ?? actor.villageId },
                          { name: 'reporterId', apiName: 'reporterIds', label: t('reporter'), kind: 'text' },
                          { name: 'resolvedOnSpot', label: t('resolveOnSpot'), kind: 'checkbox' },
                          { name: 'summary', apiName: 'resolvedOnSpot.summary', label: t('resolveSummary'), kind: 'textarea' },
                        ]}
                        send={(values, key) =>
                          casesApi.raise(
                            {
                              category: values.category,
                              description: values.description,
                              channel: 'meeting',
                              meetingId: meeting.id,
                              location: { townId: meeting.place?.townId ?? actor.townId, villageId: values.villageId },
                              reporterIds: values.reporterId ? [values.reporterId] : [actor.id],
                              ...(values.resolvedOnSpot ? { resolvedOnSpot: { summary: values.summary || '现场解决' } } : {}),
                            },
                            key,
                          )
                        }
                        onDone={meetings.reload}
                      />
                    </Card>
                    <Card size="small" title={t('closeMeeting')}>
                      <EndpointForm
                        name={`close-${meeting.id}`}
                        submitLabel={t('closeMeeting')}
                        fields={[
                          { name: 'issuesRaised', label: t('issuesRaised'), kind: 'number', required: true },
                          { name: 'resolvedOnSpot', label: t('resolvedOnSpot'), kind: 'number', required: true },
                        ]}
                        send={(values) => caseApi.post(`/meetings/${meeting.id}/close`, values)}
                        onDone={meetings.reload}
                      />
                    </Card>
                  </>
                ) : null}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
