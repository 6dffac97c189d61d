import { Button, Card, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Table, Tag, Typography, message, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { mediationMethods, mediationOutcomes, type MediationMethod, type MediationOutcome } from '@bishan/domain';
import { caseApi, newIdempotencyKey, queryString, useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { mediationFigures, mediationsApi, type MediationRecord } from '../api/mediations';
import { useDirectory } from '../api/organisation';
import { CaseLink } from '../components/CaseBits';
import { ProblemAlert, applyProblem } from '../components/problem';
import { type MessageKey, useI18n } from '../i18n';

const methodNames: Record<MediationMethod, MessageKey> = {
  atMeeting: 'mediationMethodAtMeeting',
  faceToFace: 'mediationMethodFaceToFace',
  homeVisit: 'mediationMethodHomeVisit',
  phone: 'mediationMethodPhone',
  online: 'mediationMethodOnline',
};
const outcomeNames: Record<MediationOutcome, MessageKey> = {
  agreed: 'mediationOutcomeAgreed',
  partial: 'mediationOutcomePartial',
  failed: 'mediationOutcomeFailed',
};
const outcomeColours: Record<MediationOutcome, string> = { agreed: 'green', partial: 'gold', failed: 'red' };

const day = (value: Dayjs | undefined) => (value ? value.format('YYYY-MM-DD') : undefined);
const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`);

interface MediationForm {
  villageId?: string;
  description?: string;
  subject: string;
  parties: { name: string }[];
  mediatorKind: 'courtyardMediator' | 'official';
  mediatorName?: string;
  mediatorPersonId?: string;
  mediatedOn: Dayjs;
  method: MediationMethod;
  meetingId?: string;
  caseId?: string;
  outcome: MediationOutcome;
  agreement?: string;
  followUpOn?: Dayjs;
}

/** The form of one mediation: who, who mediated, when, where, how, what came of it and when to check it held. */
function RecordMediation({ onRecorded, caseId }: { onRecorded: () => void; caseId?: string }) {
  const { t } = useI18n();
  const actor = useActor();
  const { organisation } = useDirectory();
  const [form] = Form.useForm<MediationForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const villageId = Form.useWatch('villageId', form) ?? actor.villageId;
  const kind = Form.useWatch('mediatorKind', form);
  const outcome = Form.useWatch('outcome', form);
  const method = Form.useWatch('method', form);
  const villages = (organisation?.villages ?? []).filter((v) => !actor.townId || v.townId === actor.townId);
  const townId = organisation?.villages.find((v) => v.id === villageId)?.townId ?? actor.townId ?? '';
  const mediators = useLoader((signal) => (villageId ? mediationsApi.mediators(villageId, signal) : Promise.resolve([])), [villageId]);
  const meetings = useLoader(
    (signal) =>
      villageId
        ? caseApi.get<{ items: { id: string; scheduledAt: string; level: string }[] }>(`/meetings${queryString({ villageId, limit: 20 })}`, signal)
        : Promise.resolve({ items: [] }),
    [villageId],
  );
  const fields = ['subject', 'parties', 'mediator.name', 'mediator.personId', 'mediatedOn', 'method', 'meetingId', 'caseId', 'outcome', 'agreement', 'followUpOn']
    .map((api) => ({ api, form: api === 'mediator.name' ? 'mediatorName' : api === 'mediator.personId' ? 'mediatorPersonId' : api }))
    .concat([{ api: 'place.villageId', form: 'villageId' }, { api: 'place.description', form: 'description' }]);

  const submit = (values: MediationForm) => {
    setBusy(true);
    setProblem(null);
    const agreed = values.outcome !== 'failed';
    mediationsApi
      .record(
        {
          ...(values.caseId?.trim() ? { caseId: values.caseId.trim() } : {}),
          ...(values.method === 'atMeeting' && values.meetingId ? { meetingId: values.meetingId } : {}),
          place: { townId, villageId: villageId ?? '', ...(values.description?.trim() ? { description: values.description.trim() } : {}) },
          subject: values.subject,
          parties: values.parties.filter((p) => p?.name?.trim()),
          mediator:
            values.mediatorKind === 'official'
              ? { kind: 'official', personId: values.mediatorPersonId ?? '' }
              : { kind: 'courtyardMediator', name: values.mediatorName ?? '' },
          mediatedOn: day(values.mediatedOn) ?? '',
          method: values.method,
          outcome: values.outcome,
          ...(agreed && values.agreement ? { agreement: values.agreement } : {}),
          ...(agreed && values.followUpOn ? { followUpOn: day(values.followUpOn) } : {}),
        },
        key,
      )
      .then(() => {
        void message.success(t('done'));
        form.resetFields();
        setKey(newIdempotencyKey());
        onRecorded();
      })
      .catch((error: unknown) => setProblem(applyProblem(form, error, fields)))
      .finally(() => setBusy(false));
  };

  return (
    <Form<MediationForm>
      form={form}
      name="record-mediation"
      layout="vertical"
      onFinish={submit}
      initialValues={{
        parties: [{ name: '' }, { name: '' }],
        mediatorKind: 'courtyardMediator',
        mediatedOn: dayjs(),
        method: 'faceToFace',
        outcome: 'agreed',
        followUpOn: dayjs().add(30, 'day'),
        caseId,
        villageId: actor.villageId,
      }}
    >
      <ProblemAlert message={problem} />
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="villageId" label={t('village')} rules={[{ required: true, message: `${t('village')}: ${t('required')}` }]}>
            <Select disabled={Boolean(actor.villageId)} showSearch={{ optionFilterProp: 'label' }} options={villages.map((v) => ({ value: v.id, label: v.name }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="description" label={t('mediationPlace')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="subject" label={t('mediationSubject')} rules={[{ required: true, message: `${t('mediationSubject')}: ${t('required')}` }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.List name="parties">
        {(items, { add, remove }) => (
          <Form.Item label={t('mediationParties')} required>
            <Space direction="vertical" style={{ width: '100%' }}>
              {items.map((item, index) => (
                <Space key={item.key} style={{ width: '100%' }}>
                  <Form.Item name={[item.name, 'name']} noStyle>
                    <Input maxLength={50} placeholder={`${t('mediationParty')} ${index + 1}`} data-testid={`party-${index}`} />
                  </Form.Item>
                  {items.length > 2 ? <Button onClick={() => remove(item.name)}>{t('remove')}</Button> : null}
                </Space>
              ))}
              <Button onClick={() => add({ name: '' })} data-testid="add-party">
                {t('mediationAddParty')}
              </Button>
            </Space>
          </Form.Item>
        )}
      </Form.List>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="mediatorKind" label={t('mediatorKind')}>
            <Radio.Group
              options={[
                { value: 'courtyardMediator', label: t('mediatorCourtyard') },
                { value: 'official', label: t('mediatorOfficial') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          {kind === 'official' ? (
            <Form.Item name="mediatorPersonId" label={t('mediator')} rules={[{ required: true, message: `${t('mediator')}: ${t('required')}` }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={(mediators.data ?? []).map((m) => ({ value: m.personId, label: m.name }))} />
            </Form.Item>
          ) : (
            <Form.Item name="mediatorName" label={t('mediator')} rules={[{ required: true, message: `${t('mediator')}: ${t('required')}` }]}>
              <Input maxLength={50} />
            </Form.Item>
          )}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="mediatedOn" label={t('mediatedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="method" label={t('mediationMethod')}>
            <Select options={mediationMethods.map((m) => ({ value: m, label: t(methodNames[m]) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          {method === 'atMeeting' ? (
            <Form.Item name="meetingId" label={t('mediationMeeting')} rules={[{ required: true, message: `${t('mediationMeeting')}: ${t('required')}` }]}>
              <Select options={(meetings.data?.items ?? []).map((m) => ({ value: m.id, label: dayjs(m.scheduledAt).format('YYYY-MM-DD HH:mm') }))} />
            </Form.Item>
          ) : (
            <Form.Item name="caseId" label={t('mediationCase')}>
              <Input maxLength={100} />
            </Form.Item>
          )}
        </Col>
      </Row>
      {method === 'atMeeting' ? (
        <Form.Item name="caseId" label={t('mediationCase')}>
          <Input maxLength={100} />
        </Form.Item>
      ) : null}
      <Form.Item name="outcome" label={t('mediationOutcome')}>
        <Radio.Group options={mediationOutcomes.map((o) => ({ value: o, label: t(outcomeNames[o]) }))} />
      </Form.Item>
      {outcome === 'failed' ? null : (
        <>
          <Form.Item name="agreement" label={t('mediationAgreement')} rules={[{ required: true, message: `${t('mediationAgreement')}: ${t('required')}` }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="followUpOn" label={t('mediationFollowUpOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="record-mediation-submit">
        {t('mediationRecord')}
      </Button>
    </Form>
  );
}

/** Whether the agreement held, checked once. */
function FollowUp({ mediation, onDone }: { mediation: MediationRecord; onDone: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ checkedOn: Dayjs; held: boolean; note?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  // 确定 is the form's own submit button (as in ActionButton), so a click submits through the browser's
  // form submission rather than through a call on the form instance.
  const formId = `follow-up-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  return (
    <>
      <Button size="small" type={mediation.followUpDue ? 'primary' : 'default'} onClick={() => setOpen(true)} data-testid="follow-up">
        {t('mediationFollowUp')}
      </Button>
      <Modal
        open={open}
        title={t('mediationFollowUp')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ htmlType: 'submit', form: formId, loading: busy, 'data-testid': 'follow-up-submit' } as ButtonProps}
        destroyOnHidden
      >
        <ProblemAlert message={problem} />
        <Form
          name={formId}
          form={form}
          layout="vertical"
          initialValues={{ checkedOn: dayjs(), held: true }}
          onFinish={(values) => {
            setBusy(true);
            setProblem(null);
            mediationsApi
              .followUp(mediation.id, { checkedOn: day(values.checkedOn) ?? '', held: values.held, ...(values.note ? { note: values.note } : {}) }, key)
              .then(() => {
                setOpen(false);
                setKey(newIdempotencyKey());
                onDone();
              })
              .catch((error: unknown) => setProblem(applyProblem(form, error, ['checkedOn', 'held', 'note'])))
              .finally(() => setBusy(false));
          }}
        >
          <Form.Item name="checkedOn" label={t('mediationCheckedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="held" label={t('mediationHeld')}>
            <Radio.Group
              options={[
                { value: true, label: t('mediationHeldYes') },
                { value: false, label: t('mediationHeldNo') },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label={t('note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * Mediation records (调解): record a mediation at a meeting or later, linked to its case; follow up
 * agreements; this year's count and success rate come from the reporting service, counted from the
 * records within the reader's places.
 */
export function MediationsPage() {
  const { t } = useI18n();
  const actor = useActor();
  const [params] = useSearchParams();
  const caseId = params.get('caseId') ?? undefined;
  const [outcome, setOutcome] = useState<MediationOutcome | undefined>();
  const [dueOnly, setDueOnly] = useState(false);
  const list = useLoader((signal) => mediationsApi.list({ outcome, followUpDue: dueOnly || undefined, caseId }, signal), [outcome, dueOnly, caseId]);
  const year = dayjs().format('YYYY');
  const figures = useLoader((signal) => mediationFigures(`${year}-01-01`, `${Number(year) + 1}-01-01`, signal), [list.data]);
  const recorder = ['village-secretary', 'town-leader', 'town-triage', 'admin'].includes(actor.role);

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <div data-testid="mediation-count">
              <Statistic title={`${year} · ${t('mediationCount')}`} value={figures.data?.mediations ?? 0} loading={figures.loading && !figures.data} />
            </div>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <div data-testid="mediation-success">
              <Statistic title={t('mediationSuccessRate')} value={percent(figures.data?.mediationSuccessRate.value)} />
            </div>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('mediationHeldRate')} value={percent(figures.data?.agreementsHeldRate.value)} />
          </Card>
        </Col>
      </Row>
      {recorder ? (
        <Card size="small" title={t('mediationRecord')}>
          <RecordMediation onRecorded={list.reload} caseId={caseId} />
        </Card>
      ) : null}
      <Card
        size="small"
        title={t('mediationsTitle')}
        extra={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('mediationOutcome')}
              style={{ minWidth: 120 }}
              value={outcome}
              onChange={setOutcome}
              options={mediationOutcomes.map((o) => ({ value: o, label: t(outcomeNames[o]) }))}
            />
            <Button type={dueOnly ? 'primary' : 'default'} onClick={() => setDueOnly(!dueOnly)} data-testid="follow-up-due-filter">
              {t('mediationFollowUpDue')}
            </Button>
            <Button onClick={list.reload}>{t('refresh')}</Button>
          </Space>
        }
      >
        <ProblemAlert message={list.error ? list.error.message : null} />
        <Table<MediationRecord>
          size="small"
          rowKey="id"
          data-testid="mediations"
          loading={list.loading && !list.data}
          dataSource={list.data?.items}
          // On a phone the table scrolls sideways rather than squeezing each column to a character.
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('noData') }}
          columns={[
            { title: t('mediatedOn'), dataIndex: 'mediatedOn', width: 110 },
            {
              title: t('village'),
              render: (_, m) => `${m.placeNames.village ?? ''}${m.place.description ? ` · ${m.place.description}` : ''}`,
            },
            { title: t('mediationSubject'), dataIndex: 'subject', width: 180 },
            { title: t('mediationParties'), render: (_, m) => m.parties.map((p) => p.name).join('、') },
            {
              title: t('mediator'),
              render: (_, m) => `${m.mediator.name}(${t(m.mediator.kind === 'official' ? 'mediatorOfficial' : 'mediatorCourtyard')})`,
            },
            { title: t('mediationMethod'), render: (_, m) => t(methodNames[m.method]) },
            {
              title: t('mediationOutcome'),
              render: (_, m) => (
                <Tag color={outcomeColours[m.outcome]} data-outcome={m.outcome}>
                  {t(outcomeNames[m.outcome])}
                </Tag>
              ),
            },
            {
              title: t('mediationAgreement'),
              render: (_, m) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{m.agreement ?? '—'}</Typography.Paragraph>,
            },
            { title: t('mediationCase'), render: (_, m) => (m.caseId ? <CaseLink id={m.caseId} /> : '—') },
            {
              title: t('mediationFollowUp'),
              render: (_, m) =>
                m.followUp ? (
                  <Tag color={m.followUp.held ? 'green' : 'red'} data-testid="follow-up-result">
                    {m.followUp.checkedOn} · {t(m.followUp.held ? 'mediationHeldYes' : 'mediationHeldNo')}
                  </Tag>
                ) : m.followUpOn ? (
                  <Space size={4} wrap>
                    <Tag color={m.followUpDue ? 'orange' : 'default'}>{m.followUpOn}</Tag>
                    {recorder ? <FollowUp mediation={m} onDone={list.reload} /> : null}
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
