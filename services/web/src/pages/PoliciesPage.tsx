import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Popconfirm, Progress, Row, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { format } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import { pauseReasons, watchedDeadlineKinds, type WatchedDeadlineKind, type WhatIfFigures, type WhatIfSide } from '@bishan/domain';
import { ApiProblem } from '../api/client';
import { useLoader } from '../api/hooks';
import { usePersonName } from '../api/people';
import { downloadWhatIf, policiesApi, type PolicyChange, type PolicyLimits, type PolicyVersionRecord, type WhatIfAnswer } from '../api/policies';
import { CaseLink, formatTime } from '../components/CaseBits';
import { Chart } from '../components/Chart';
import { useI18n, type Language, type MessageKey } from '../i18n';
import {
  commandNames,
  deadlineKindNames,
  escalationTargetNames,
  nameIn,
  policyFieldName,
  policyProblemText,
  publicationProblemText,
  rejectionNames,
} from '../labels/policy-labels';

type Problem = { field: string; message: string; code?: string; params?: Record<string, string | number> };

/** The API's field path ('body.policy.breaches.handling.escalation[1].target') as a form name. */
function formName(field: string): (string | number)[] {
  return field
    .replace(/^body\.(policy\.)?/, '')
    .split('.')
    .flatMap((part) => {
      const match = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
      if (!match) return [part];
      return [match[1] ?? part, ...[...(match[2] ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))];
    });
}

/** A problem document's field problems, each in words of the page's language. */
function problemsOf(error: unknown, language: Language): { path: string; name: (string | number)[]; text: string }[] {
  if (!(error instanceof ApiProblem)) return [];
  return ((error.problem.errors ?? []) as Problem[]).map((p) => policyProblemOf(p, language));
}

function policyProblemOf(p: Problem, language: Language): { path: string; name: (string | number)[]; text: string } {
  const path = p.field.replace(/^body\.(policy\.)?/, '');
  return { path, name: formName(p.field), text: p.code ? policyProblemText(p.code, p.params, language) : language === 'zh' ? '不符合要求' : p.message };
}

/** A publication's field problems: the policy's own rules where the policy is broken, else the publication's. */
function publicationProblemsOf(error: unknown, language: Language): { path: string; text: string }[] {
  if (!(error instanceof ApiProblem)) return [];
  return ((error.problem.errors ?? []) as Problem[]).map((p) => {
    const path = p.field.replace(/^body\./, '');
    if (path.startsWith('policy.')) return policyProblemOf(p, language);
    return { path, text: p.code ? publicationProblemText(p.code, p.params, language) : p.message };
  });
}

/** A value of the policy as words: chains step by step, kinds and targets by name, null as "none". */
function valueText(value: unknown, language: Language, t: (key: MessageKey) => string): string {
  if (value === null || value === undefined) return t('policyNone');
  if (Array.isArray(value)) {
    if (value.length === 0) return t('policyNone');
    return value
      .map((item) => {
        if (typeof item === 'string' && item in deadlineKindNames) return nameIn(deadlineKindNames, item as WatchedDeadlineKind, language);
        if (typeof item === 'number') return item < 1 ? `${Math.round(item * 100)}%` : String(item);
        if (item && typeof item === 'object' && 'target' in item) {
          const step = item as { step: number; afterWorkingDays: number; target: keyof typeof escalationTargetNames };
          return language === 'zh'
            ? `第${step.step}级:超期 ${step.afterWorkingDays} 个工作日 → ${nameIn(escalationTargetNames, step.target, language)}`
            : `step ${step.step}: ${step.afterWorkingDays} working days → ${nameIn(escalationTargetNames, step.target, language)}`;
        }
        return JSON.stringify(item);
      })
      .join(language === 'zh' ? ';' : '; ');
  }
  if (value === 'never') return t('policyPauseApprovalNever');
  if (value === 'repeatOrLonger') return t('policyPauseApprovalRepeat');
  return String(value);
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
const rateText = (value: number | null) => (value === null ? '—' : `${value}%`);

/** Days of the loop, grouped as the form's sections show them. */
const sections: { title: MessageKey; fields: { name: (string | number)[]; nullable?: boolean; min?: number }[] }[] = [
  {
    title: 'policySectionDeadlines',
    fields: [
      { name: ['triageWorkingDays'], nullable: true },
      { name: ['claimWindowWorkingDays'] },
      { name: ['handlingPlanWorkingDays'] },
      { name: ['handlingWorkingDays', 'simple'] },
      { name: ['handlingWorkingDays', 'general'] },
      { name: ['handlingWorkingDays', 'complex'] },
      { name: ['feedbackWorkingDays'] },
      { name: ['ratingWindowCalendarDays'] },
      { name: ['instructionAckWorkingDays'] },
      { name: ['extensionDecisionWorkingDays'], nullable: true },
    ],
  },
  {
    title: 'policySectionExtensions',
    fields: [{ name: ['extension', 'maxWorkingDaysPerRequest'] }, { name: ['extension', 'maxGranted'], min: 0 }, { name: ['reopenEscalatesAt'] }],
  },
  {
    title: 'policySectionPauses',
    fields: [...pauseReasons.map((reason) => ({ name: ['pauseReasons', reason, 'maxWorkingDays'] })), { name: ['pauseTotalMaxWorkingDays'], nullable: true }],
  },
  {
    title: 'policySectionCluster',
    fields: [{ name: ['cluster', 'minCases'] }, { name: ['cluster', 'windowDays'] }, { name: ['concentratedReviewWorkingDays'], nullable: true }],
  },
];

function limitsOf(version: PolicyVersionRecord): PolicyLimits {
  const { version: _v, effectiveFrom: _e, calendar: _c, ...limits } = version.policy;
  return limits;
}

/** The draft's form, a card per section; the API's refusals are put next to the fields they name. */
function DraftForm({ draft, onSaved }: { draft: PolicyVersionRecord; onSaved: () => void }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<PolicyLimits>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<{ path: string; text: string }[]>([]);
  useEffect(() => form.setFieldsValue(limitsOf(draft)), [draft, form]);
  const label = (name: (string | number)[]) => policyFieldName(name.join('.'), language);

  const save = async () => {
    const values = form.getFieldsValue(true) as PolicyLimits;
    // Steps are numbered by their place in the chain.
    const breaches = Object.fromEntries(
      watchedDeadlineKinds.map((kind) => {
        const rule = values.breaches[kind];
        return [kind, { ...rule, escalation: (rule.escalation ?? []).map((step, i) => ({ ...step, step: i + 1 })) }];
      }),
    ) as unknown as PolicyLimits['breaches'];
    setSaving(true);
    setProblems([]);
    try {
      await policiesApi.update(draft.version, { ...limitsOf(draft), ...values, breaches });
      void message.success(t('policySaved'));
      onSaved();
    } catch (error) {
      const found = problemsOf(error, language);
      form.setFields(found.map((p) => ({ name: p.name as never, errors: [p.text] })));
      setProblems(found.length ? found : [{ path: '', text: (error as Error).message }]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" data-testid="policy-form">
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="policy-problems"
          message={t('policyInvalid')}
          description={
            <ul style={{ margin: 0 }}>
              {problems.map((p, i) => (
                <li key={i}>{p.path ? `${policyFieldName(p.path, language)}:${p.text}` : p.text}</li>
              ))}
            </ul>
          }
        />
      )}
      <Row gutter={12}>
        {sections.map((section) => (
          <Col xs={24} lg={12} key={section.title}>
            <Card size="small" title={t(section.title)} style={{ marginBottom: 12 }}>
              <Row gutter={8}>
                {section.fields.map((field) => (
                  <Col xs={12} md={8} key={field.name.join('.')}>
                    <Form.Item name={field.name} label={label(field.name)} extra={field.nullable ? t('policyEmptyMeansNone') : undefined}>
                      <InputNumber min={field.min ?? 0} style={{ width: '100%' }} data-testid={`policy-field-${field.name.join('.')}`} />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
              {section.title === 'policySectionPauses' && (
                <Form.Item name="pauseApproval" label={label(['pauseApproval'])}>
                  <Select
                    options={[
                      { value: 'never', label: t('policyPauseApprovalNever') },
                      { value: 'repeatOrLonger', label: t('policyPauseApprovalRepeat') },
                    ]}
                  />
                </Form.Item>
              )}
            </Card>
          </Col>
        ))}
        <Col xs={24} lg={12}>
          <Card size="small" title={t('policySectionReminders')} style={{ marginBottom: 12 }}>
            <Form.List name="reminderFractions">
              {(fields, { add, remove }) => (
                <Space wrap>
                  {fields.map((field) => (
                    <Space key={field.key}>
                      <Form.Item name={field.name} label={`${label(['reminderFractions', field.name])}`} style={{ marginBottom: 0 }}>
                        <InputNumber min={0} max={1} step={0.05} data-testid={`policy-reminder-${field.name}`} />
                      </Form.Item>
                      <Button size="small" onClick={() => remove(field.name)}>
                        {t('policyRemove')}
                      </Button>
                    </Space>
                  ))}
                  <Button size="small" onClick={() => add(0.5)}>
                    {t('policyAddReminder')}
                  </Button>
                </Space>
              )}
            </Form.List>
            <Form.Item name="remindedDeadlines" label={label(['remindedDeadlines'])} style={{ marginTop: 12 }}>
              <Select mode="multiple" options={watchedDeadlineKinds.map((kind) => ({ value: kind, label: nameIn(deadlineKindNames, kind, language) }))} />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('policySectionEscalation')} style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          {watchedDeadlineKinds.map((kind) => (
            <Col xs={24} lg={12} key={kind}>
              <Typography.Text strong>{nameIn(deadlineKindNames, kind, language)}</Typography.Text>
              <Form.List name={['breaches', kind, 'escalation']}>
                {(fields, { add, remove }) => (
                  <div style={{ margin: '4px 0 12px' }}>
                    {fields.map((field, i) => (
                      <Space key={field.key} align="baseline" wrap>
                        <span>{language === 'zh' ? `第${i + 1}级` : `Step ${i + 1}`}</span>
                        <Form.Item name={[field.name, 'afterWorkingDays']} label={label(['afterWorkingDays'])} style={{ marginBottom: 4 }}>
                          <InputNumber min={0} data-testid={`policy-chain-${kind}-${i}-after`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'target']} label={label(['target'])} style={{ marginBottom: 4, minWidth: 180 }}>
                          <Select
                            options={Object.keys(escalationTargetNames).map((target) => ({
                              value: target,
                              label: nameIn(escalationTargetNames, target as keyof typeof escalationTargetNames, language),
                            }))}
                          />
                        </Form.Item>
                        <Button size="small" onClick={() => remove(field.name)}>
                          {t('policyRemove')}
                        </Button>
                      </Space>
                    ))}
                    <Space>
                      <Button size="small" onClick={() => add({ step: fields.length + 1, afterWorkingDays: 0, target: 'responsibleLeader' })}>
                        {t('policyAddStep')}
                      </Button>
                      <Form.Item name={['breaches', kind, 'repeatEveryWorkingDays']} label={label(['repeatEveryWorkingDays'])} style={{ marginBottom: 0 }}>
                        <InputNumber min={1} />
                      </Form.Item>
                    </Space>
                  </div>
                )}
              </Form.List>
            </Col>
          ))}
        </Row>
      </Card>
      <Button type="primary" onClick={() => void save()} loading={saving} data-testid="policy-save">
        {t('save')}
      </Button>
    </Form>
  );
}

function DiffTable({ version }: { version: string }) {
  const { t, language } = useI18n();
  const diff = useLoader((signal) => policiesApi.diff(version, signal), [version]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {diff.data && (
        <Typography.Text>
          {t('policyDiffAgainst')} {diff.data.against}
        </Typography.Text>
      )}
      <Table<PolicyChange>
        size="small"
        rowKey="field"
        loading={diff.loading}
        dataSource={diff.data?.changes ?? []}
        pagination={false}
        data-testid="policy-diff"
        locale={{ emptyText: t('policyNoChanges') }}
        columns={[
          { title: t('policyField'), dataIndex: 'field', render: (field: string) => policyFieldName(field, language) },
          { title: t('policyFrom'), dataIndex: 'from', render: (value: unknown) => valueText(value, language, t) },
          { title: t('policyTo'), dataIndex: 'to', render: (value: unknown) => valueText(value, language, t) },
        ]}
      />
    </Space>
  );
}

const escalations = (f: WhatIfFigures, step: string) => f.escalationsByStep[step] ?? 0;

/** Bars of actual against simulated; every label is the page's own words (no HTML from data). */
function comparisonOption(report: WhatIfAnswer['report'], t: (key: MessageKey) => string) {
  const { actual, simulated } = report.total;
  const measures: [MessageKey, (f: WhatIfFigures) => number][] = [
    ['policyMet', (f) => f.deadlinesMet],
    ['policyMissed', (f) => f.deadlinesMissed],
    ['policyReminders', (f) => f.remindersSent],
    ['policyEscalation1', (f) => escalations(f, '1')],
    ['policyEscalation2', (f) => escalations(f, '2')],
    ['policyEscalation3', (f) => Object.entries(f.escalationsByStep).reduce((n, [s, c]) => (Number(s) >= 3 ? n + c : n), 0)],
  ];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 12, bottom: 40, top: 30 },
    xAxis: { type: 'category', data: measures.map(([key]) => t(key)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('policyActual'), type: 'bar', data: measures.map(([, of]) => of(actual)) },
      { name: t('policySimulated'), type: 'bar', data: measures.map(([, of]) => of(simulated)) },
    ],
  };
}

/**
 * Escalations that reached each leader in the window, actual and simulated. Leaders' names come
 * from the organisation, which administrators type: ECharts writes a formatter's answer as HTML, so
 * every text in it is escaped; only ECharts' own colour marker is markup.
 */
function leaderLoadOption(answer: WhatIfAnswer, name: (id: string) => string, t: (key: MessageKey) => string) {
  const leaders = Object.keys(answer.report.leaderLoad);
  const sum = (weeks: Record<string, number>) => Object.values(weeks).reduce((a, b) => a + b, 0);
  const label = (id: string) => answer.names.people[id] ?? name(id);
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number; marker: string; seriesName: string; value: number }[]) => {
        const leader = leaders[items[0]?.dataIndex ?? 0];
        if (!leader) return '';
        return [format.encodeHTML(label(leader)), ...items.map((item) => `${item.marker}${format.encodeHTML(`${item.seriesName}: ${item.value}`)}`)].join('<br/>');
      },
    },
    legend: { top: 0 },
    grid: { left: 40, right: 12, bottom: 70, top: 30 },
    xAxis: { type: 'category', data: leaders.map(label), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('policyActual'), type: 'bar', data: leaders.map((id) => sum(answer.report.leaderLoad[id]?.actual ?? {})) },
      { name: t('policySimulated'), type: 'bar', data: leaders.map((id) => sum(answer.report.leaderLoad[id]?.simulated ?? {})) },
    ],
  };
}

function GroupTable({ rows, name, title }: { rows: Record<string, WhatIfSide>; name: (id: string) => string; title: string }) {
  const { t } = useI18n();
  const data = Object.entries(rows).map(([id, side]) => ({ id, side }));
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={data}
      columns={[
        { title, dataIndex: 'id', render: (id: string) => name(id) },
        { title: t('policyCases'), render: (_: unknown, row: { side: WhatIfSide }) => row.side.actual.cases },
        { title: t('policyMissedActualSim'), render: (_: unknown, row: { side: WhatIfSide }) => `${row.side.actual.deadlinesMissed} → ${row.side.simulated.deadlinesMissed}` },
        {
          title: t('policyOnTimeActualSim'),
          render: (_: unknown, row: { side: WhatIfSide }) =>
            `${rateText(rate(row.side.actual.resultsOnTime, row.side.actual.resultsReported))} → ${rateText(rate(row.side.simulated.resultsOnTime, row.side.simulated.resultsReported))}`,
        },
        {
          title: t('policySatisfactionActualSim'),
          render: (_: unknown, row: { side: WhatIfSide }) =>
            `${rateText(rate(row.side.actual.ratingCredit, row.side.actual.ratings))} → ${rateText(rate(row.side.simulated.ratingCredit, row.side.simulated.ratings))}`,
        },
      ]}
    />
  );
}

function WhatIfPanel({ version }: { version: string }) {
  const { t, language } = useI18n();
  const personName = usePersonName();
  const [months, setMonths] = useState(6);
  const [starting, setStarting] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const runs = useLoader((signal) => policiesApi.runs(version, signal), [version]);
  const current = runId ?? runs.data?.items[0]?.id ?? null;
  const answer = useLoader((signal) => (current ? policiesApi.run(version, current, signal) : Promise.resolve(null)), [version, current], 2000);
  const data = answer.data;
  const report = data?.report;
  const comparison = useMemo(() => (report ? comparisonOption(report, t) : null), [report, t]);
  const load = useMemo(() => (data ? leaderLoadOption(data, personName, t) : null), [data, personName, t]);

  const start = async () => {
    setStarting(true);
    try {
      const run = await policiesApi.startWhatIf(version, months);
      setRunId(run.id);
      runs.reload();
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setStarting(false);
    }
  };
  const exportReport = async () => {
    if (!current) return;
    try {
      await downloadWhatIf(version, current);
    } catch (error) {
      void message.error((error as Error).message);
    }
  };
  const unknownGroup = language === 'zh' ? '未定' : 'none';

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('policyMonths')}</span>
        <InputNumber min={1} max={24} value={months} onChange={(v) => setMonths(v ?? 6)} data-testid="what-if-months" />
        <Button type="primary" onClick={() => void start()} loading={starting} data-testid="what-if-start">
          {t('policyStartWhatIf')}
        </Button>
        {data?.run.status === 'completed' && (
          <Button onClick={() => void exportReport()} data-testid="what-if-export">
            {t('export')} Excel
          </Button>
        )}
      </Space>
      {data && (
        <Card size="small" data-testid="what-if-run">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {t('policyWindow')}: {formatTime(data.run.windowFrom)} — {formatTime(data.run.windowUntil)}
            </Typography.Text>
            <Space>
              <Tag color={data.run.status === 'completed' ? 'green' : data.run.status === 'failed' ? 'red' : 'blue'} data-testid="what-if-status">
                {t(data.run.status === 'completed' ? 'policyRunCompleted' : data.run.status === 'failed' ? 'policyRunFailed' : 'policyRunRunning')}
              </Tag>
              <span data-testid="what-if-progress">
                {data.run.casesDone} / {data.run.casesTotal ?? '…'} {t('policyCasesUnit')}
              </span>
            </Space>
            <Progress percent={data.run.casesTotal ? Math.round((100 * data.run.casesDone) / data.run.casesTotal) : data.run.status === 'completed' ? 100 : 0} />
            {data.run.error && <Alert type="error" message={t('policyRunFailed')} description={data.run.error} />}
          </Space>
        </Card>
      )}
      {report && data && (
        <>
          <Row gutter={12}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('policyComparison')}>
                {comparison && <Chart option={comparison} testId="what-if-chart" />}
                <Typography.Text data-testid="what-if-totals">
                  {t('policyMissed')}: {report.total.actual.deadlinesMissed} → {report.total.simulated.deadlinesMissed};{t('policyOnTimeRate')}:{' '}
                  {rateText(rate(report.total.actual.resultsOnTime, report.total.actual.resultsReported))} →{' '}
                  {rateText(rate(report.total.simulated.resultsOnTime, report.total.simulated.resultsReported))}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('policyLeaderLoad')}>
                {load && Object.keys(report.leaderLoad).length > 0 ? <Chart option={load} testId="what-if-leaders" /> : <Typography.Text type="secondary">{t('noData')}</Typography.Text>}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('policyByDepartment')}>
            <GroupTable rows={report.byDepartment} title={t('handler')} name={(id) => data.names.departments[id] ?? (id === '—' ? unknownGroup : id)} />
          </Card>
          <Card size="small" title={t('policyByTown')}>
            <GroupTable rows={report.byTown} title={t('town')} name={(id) => data.names.towns[id] ?? (id === '—' ? unknownGroup : id)} />
          </Card>
          <Card size="small" title={`${t('policyRefused')} (${report.refused.length})`}>
            <Table
              size="small"
              rowKey={(r) => `${r.caseId}-${r.at}-${r.type}`}
              pagination={{ pageSize: 20 }}
              dataSource={[...report.refused]}
              data-testid="what-if-refused"
              columns={[
                { title: t('caseId'), dataIndex: 'caseId', render: (id: string) => <CaseLink id={id} /> },
                { title: t('what'), dataIndex: 'type', render: (type: keyof typeof commandNames) => (type in commandNames ? nameIn(commandNames, type, language) : t('policyOtherCommand')) },
                { title: t('when'), dataIndex: 'at', render: (at: string) => formatTime(at) },
                { title: t('reason'), dataIndex: 'code', render: (code: keyof typeof rejectionNames) => (code in rejectionNames ? nameIn(rejectionNames, code, language) : t('policyOtherReason')) },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}

function PublishForm({ draft, onPublished }: { draft: PolicyVersionRecord; onPublished: () => void }) {
  const { t, language } = useI18n();
  const [form] = Form.useForm<{ name: string; reason: string; effectiveAt: Dayjs }>();
  const [publishing, setPublishing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const publish = async () => {
    const values = await form.validateFields();
    setPublishing(true);
    setProblem(null);
    try {
      await policiesApi.publish(draft.version, { name: values.name, reason: values.reason, effectiveAt: values.effectiveAt.toISOString() });
      void message.success(t('policyPublished'));
      onPublished();
    } catch (error) {
      // The publication's own rules (checkPublication), each worded from its code next to its field.
      const found = publicationProblemsOf(error, language);
      const fieldText: Record<string, MessageKey> = { name: 'policyPublishName', reason: 'policyPublishReason', effectiveAt: 'policyEffectiveAt' };
      form.setFields(found.filter((p) => p.path in fieldText).map((p) => ({ name: p.path as 'name', errors: [p.text] })));
      setProblem(
        found.length
          ? found.map((p) => `${p.path in fieldText ? t(fieldText[p.path] as MessageKey) : policyFieldName(p.path, language)}: ${p.text}`).join('; ')
          : (error as Error).message,
      );
    } finally {
      setPublishing(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ effectiveAt: dayjs() }} style={{ maxWidth: 560 }} data-testid="policy-publish-form">
      {problem && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('policyPublishProblem')} description={problem} />}
      <Form.Item name="name" label={t('policyPublishName')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
        <Input maxLength={100} data-testid="policy-publish-name" />
      </Form.Item>
      <Form.Item name="reason" label={t('policyPublishReason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
        <Input.TextArea maxLength={2000} rows={3} data-testid="policy-publish-reason" />
      </Form.Item>
      <Form.Item name="effectiveAt" label={t('policyEffectiveAt')} rules={[{ required: true, message: t('required') }]}>
        <DatePicker showTime data-testid="policy-publish-effective" />
      </Form.Item>
      <Popconfirm title={t('policyPublishConfirm')} onConfirm={() => void publish()} okText={t('policyPublish')} cancelText={t('cancel')}>
        <Button type="primary" danger loading={publishing} data-testid="policy-publish">
          {t('policyPublish')}
        </Button>
      </Popconfirm>
    </Form>
  );
}

/**
 * Case policies for administrators (规则版本): the versions (the one in force marked), a draft made
 * from the version in force and edited a section at a time, its differences from the version in
 * force, a what-if over the recorded history with charts and an Excel export, and publication.
 */
export function PoliciesPage() {
  const { t } = useI18n();
  const personName = usePersonName();
  const list = useLoader((signal) => policiesApi.list(signal), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const chosen = list.data?.items.find((v) => v.version === selected) ?? null;

  const createDraft = async () => {
    setCreating(true);
    try {
      const draft = await policiesApi.createDraft();
      setSelected(draft.version);
      list.reload();
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setCreating(false);
    }
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {list.error && <Alert type="error" showIcon message={t('error')} description={list.error.message} />}
      <Card
        title={t('policyVersions')}
        extra={
          <Button type="primary" onClick={() => void createDraft()} loading={creating} data-testid="policy-new-draft">
            {t('policyNewDraft')}
          </Button>
        }
      >
        <Table<PolicyVersionRecord>
          size="small"
          rowKey="version"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          data-testid="policy-versions"
          onRow={(row) => ({ onClick: () => setSelected(row.version), style: { cursor: 'pointer' } })}
          rowClassName={(row) => (row.version === selected ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('policyVersion'), dataIndex: 'version' },
            { title: t('policyName'), dataIndex: 'name', render: (name: string | null) => name ?? '—' },
            {
              title: t('status'),
              render: (_: unknown, row) => (
                <Space size={4}>
                  <Tag color={row.status === 'draft' ? 'orange' : 'default'}>{t(row.status === 'draft' ? 'policyDraft' : 'policyPublishedTag')}</Tag>
                  {row.inForce && <Tag color="green">{t('policyInForce')}</Tag>}
                </Space>
              ),
            },
            { title: t('policyEffectiveAt'), dataIndex: 'effectiveAt', render: (at: string | null) => formatTime(at) },
            { title: t('policyBasedOn'), dataIndex: 'basedOn', render: (v: string | null) => v ?? '—' },
            {
              title: t('who'),
              render: (_: unknown, row) => (row.publishedBy ?? row.createdBy) === 'seed' ? t('policySeeded') : personName(row.publishedBy ?? row.createdBy),
            },
          ]}
        />
      </Card>
      {chosen && (
        <Card title={`${t('policyVersion')} ${chosen.version}${chosen.name ? ` · ${chosen.name}` : ''}`} data-testid="policy-detail">
          {chosen.reason && <Typography.Paragraph>{chosen.reason}</Typography.Paragraph>}
          <Tabs
            destroyOnHidden
            items={[
              ...(chosen.status === 'draft' ? [{ key: 'edit', label: t('policyTabEdit'), children: <DraftForm draft={chosen} onSaved={list.reload} /> }] : []),
              { key: 'diff', label: t('policyTabDiff'), children: <DiffTable version={chosen.version} key={chosen.updatedAt} /> },
              ...(chosen.status === 'draft'
                ? [
                    { key: 'what-if', label: t('policyTabWhatIf'), children: <WhatIfPanel version={chosen.version} /> },
                    { key: 'publish', label: t('policyTabPublish'), children: <PublishForm draft={chosen} onPublished={list.reload} /> },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

