import { Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { keyHouseholdKinds, type KeyHouseholdKind, type MeetingDuty } from '@bishan/domain';
import { newIdempotencyKey, useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { coverageText, dutiesApi, householdKindNames, type DutiesAnswer, type DutyRecord, type KeyHouseholdRecord } from '../api/meeting-duties';
import { useDirectory } from '../api/organisation';
import { CourtyardPicker } from '../components/CourtyardPicker';
import { DutyCoverageCard } from '../components/DutyCoverage';
import { formatTime } from '../components/CaseBits';
import { ProblemAlert, applyProblem } from '../components/problem';
import { type MessageKey, useI18n } from '../i18n';
import { periodName } from '../labels/period-labels';

type HouseholdCoverage = NonNullable<DutiesAnswer['keyHouseholds']>[number];

const statusColours: Record<MeetingDuty['status'], string> = { done: 'green', due: 'orange', overdue: 'red' };
const statusNames: Record<MeetingDuty['status'], MessageKey> = { done: 'dutyDone', due: 'dutyDue', overdue: 'dutyOverdue' };
const kindNames: Record<MeetingDuty['kind'], MessageKey> = {
  districtLeaderTowns: 'dutyKindDistrict',
  townLeadershipVillages: 'dutyKindTown',
  secretaryResidentGroups: 'dutyKindVillage',
};

/** This half-year and the three before it, newest first ('2026-H2', '2026-H1', '2025-H2', …). */
function recentHalfYears(now = new Date()): string[] {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  let year = local.getUTCFullYear();
  let half = local.getUTCMonth() < 6 ? 1 : 2;
  const keys: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    keys.push(`${year}-H${half}`);
    if (half === 2) half = 1;
    else {
      half = 2;
      year -= 1;
    }
  }
  return keys;
}

function KeyHouseholds({ period }: { period: string }) {
  const { t, language } = useI18n();
  const actor = useActor();
  const { organisation, villageName } = useDirectory();
  const villages = (organisation?.villages ?? []).filter((v) => (actor.villageId ? v.id === actor.villageId : !actor.townId || v.townId === actor.townId));
  const [villageId, setVillageId] = useState<string | undefined>(actor.villageId ?? villages[0]?.id);
  const households = useLoader((signal) => dutiesApi.households(villageId, signal), [villageId, period]);
  const [form] = Form.useForm<{ courtyardId: string; name: string; kinds: KeyHouseholdKind[]; note?: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const keeper = ['village-secretary', 'town-leader', 'town-triage', 'admin'].includes(actor.role);
  const townId = organisation?.villages.find((v) => v.id === villageId)?.townId ?? '';

  return (
    <Card size="small" title={t('keyHouseholds')} data-testid="key-households">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ minWidth: 200 }}
          value={villageId}
          onChange={setVillageId}
          disabled={Boolean(actor.villageId)}
          showSearch={{ optionFilterProp: 'label' }}
          options={villages.map((v) => ({ value: v.id, label: v.name }))}
          aria-label={t('village')}
        />
        {keeper && villageId ? (
          <Form
            form={form}
            name="register-household"
            layout="vertical"
            onFinish={(values) => {
              setProblem(null);
              dutiesApi
                .register({ place: { townId, villageId, courtyardId: values.courtyardId }, name: values.name, kinds: values.kinds ?? [], ...(values.note ? { note: values.note } : {}) }, key)
                .then(() => {
                  void message.success(t('done'));
                  form.resetFields();
                  setKey(newIdempotencyKey());
                  households.reload();
                })
                .catch((error: unknown) =>
                  setProblem(applyProblem(form, error, [{ api: 'place.courtyardId', form: 'courtyardId' }, 'name', 'kinds', 'note'])),
                );
            }}
          >
            <ProblemAlert message={problem} />
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="courtyardId" label={t('courtyard')} rules={[{ required: true, message: `${t('courtyard')}: ${t('required')}` }]}>
                  <CourtyardPicker villageId={villageId} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="name" label={t('householdName')} rules={[{ required: true, message: `${t('householdName')}: ${t('required')}` }]}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="note" label={t('note')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="kinds" label={t('householdKinds')} rules={[{ required: true, message: `${t('householdKinds')}: ${t('required')}` }]}>
              <Checkbox.Group options={keyHouseholdKinds.map((k) => ({ value: k, label: t(householdKindNames[k]) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="register-household-submit">
              {t('householdRegister')}
            </Button>
          </Form>
        ) : null}
        <Table<KeyHouseholdRecord>
          size="small"
          rowKey="id"
          data-testid="households"
          loading={households.loading && !households.data}
          dataSource={households.data?.items}
          locale={{ emptyText: t('noData') }}
          scroll={{ x: true }}
          columns={[
            { title: t('village'), render: (_, h) => villageName(h.villageId) },
            { title: t('courtyard'), dataIndex: 'courtyardName' },
            { title: t('householdName'), dataIndex: 'name' },
            { title: t('householdKinds'), render: (_, h) => h.kinds.map((k) => <Tag key={k}>{t(householdKindNames[k])}</Tag>) },
            {
              title: `${t('householdVisited')} (${periodName(period, language)})`,
              render: (_, h) => (
                <Tag color={h.visitedInPeriod ? 'green' : 'orange'} data-testid="household-visited">
                  {t(h.visitedInPeriod ? 'householdVisitedYes' : 'householdVisitedNo')}
                </Tag>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}

/**
 * The duty tracker (会议职责): every meeting duty of a half-year — district leaders in their linked
 * towns, town leadership in their villages, village secretaries in each residents' group — due,
 * overdue or done, with the coverage, and the key households (四必到四必访) visited.
 */
export function DutiesPage() {
  const { t, language } = useI18n();
  const { villageName } = useDirectory();
  const periods = recentHalfYears();
  const [period, setPeriod] = useState(periods[0] ?? '');
  const [status, setStatus] = useState<MeetingDuty['status'] | undefined>();
  const [mine, setMine] = useState(false);
  const duties = useLoader((signal) => dutiesApi.duties({ period, status, mine: mine || undefined }, signal), [period, status, mine]);
  const answer = duties.data;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('dutiesTitle')}
        extra={
          <Space wrap>
            <Select value={period} onChange={setPeriod} options={periods.map((p) => ({ value: p, label: periodName(p, language) }))} data-testid="duty-period" aria-label={t('period')} />
            <Select
              allowClear
              placeholder={t('status')}
              style={{ minWidth: 110 }}
              value={status}
              onChange={setStatus}
              options={(['due', 'overdue', 'done'] as const).map((s) => ({ value: s, label: t(statusNames[s]) }))}
              data-testid="duty-status-filter"
            />
            <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)}>
              {t('dutyMine')}
            </Checkbox>
          </Space>
        }
      >
        <ProblemAlert message={duties.error ? duties.error.message : null} />
        {answer ? (
          <Typography.Paragraph type="secondary" data-testid="duty-policy">
            {t('dutyPolicy')}: {answer.policyVersion} · {t('dutyHeldOfDue')}: {coverageText(answer.coverage.total)} · {t('dutyRemindBefore')}{' '}
            {answer.remindDaysBefore} {language === 'zh' ? '天' : 'days'}
          </Typography.Paragraph>
        ) : null}
        <Table<DutyRecord>
          size="small"
          rowKey="id"
          data-testid="duties"
          loading={duties.loading && !answer}
          dataSource={answer?.duties}
          pagination={{ pageSize: 20 }}
          scroll={{ x: true }}
          locale={{ emptyText: t('noData') }}
          columns={[
            { title: t('dutyKind'), render: (_, d) => t(kindNames[d.kind]) },
            { title: t('dutyUnit'), dataIndex: 'unitName' },
            { title: t('dutyHolders'), render: (_, d) => d.holders.map((h) => h.name).join('、') },
            { title: t('dutyPeriod'), render: (_, d) => periodName(d.period.key, language) },
            { title: t('dutyHeldOfDue'), render: (_, d) => `${d.held}/${d.required}` },
            {
              title: t('status'),
              render: (_, d) => (
                <Space size={2}>
                  <Tag color={statusColours[d.status]} data-status={d.status}>
                    {t(statusNames[d.status])}
                  </Tag>
                  {d.remind && d.status === 'due' ? <Tag color="volcano">{t('dutyDueSoon')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('dutyDueAt'), render: (_, d) => formatTime(d.dueAt) },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <DutyCoverageCard />
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('householdCoverage')} · ${period}`}>
            <Table<HouseholdCoverage>
              size="small"
              rowKey="villageId"
              data-testid="household-coverage"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={answer?.keyHouseholds ?? []}
              locale={{ emptyText: t('noData') }}
              columns={[
                { title: t('village'), render: (_, row) => villageName(row.villageId) },
                { title: t('householdVisited'), render: (_, row) => `${row.visited}/${row.registered}` },
                ...keyHouseholdKinds.map((kind) => ({
                  title: t(householdKindNames[kind]),
                  render: (_: unknown, row: HouseholdCoverage) => `${row.byKind[kind].visited}/${row.byKind[kind].registered}`,
                })),
              ]}
            />
          </Card>
        </Col>
      </Row>
      <KeyHouseholds period={period} />
    </Space>
  );
}
