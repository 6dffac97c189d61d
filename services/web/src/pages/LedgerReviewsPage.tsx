import { Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ReviewUnit } from '@bishan/domain';
import { newIdempotencyKey, useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { downloadSheet, ledgerReviewsApi, type LedgerReviewLineRecord, type LedgerReviewRecord, type LedgerReviewSheet } from '../api/ledger-reviews';
import { useDirectory } from '../api/organisation';
import { CaseLink, formatTime } from '../components/CaseBits';
import { ProblemAlert, describeProblem } from '../components/problem';
import { useI18n } from '../i18n';

const ratingKeys: Record<string, 'satisfied' | 'basicallySatisfied' | 'dissatisfied' | 'notRated' | 'reviewOnSpot'> = {
  satisfied: 'satisfied',
  basicallySatisfied: 'basicallySatisfied',
  dissatisfied: 'dissatisfied',
  notRated: 'notRated',
  resolvedOnSpot: 'reviewOnSpot',
};

/** Whether this person signs for the review's unit: a town leader of the town, a department leader of the department. */
function signsFor(review: LedgerReviewRecord, actor: { role: string; townId?: string; departmentId?: string }): boolean {
  return review.unitKind === 'town' ? actor.role === 'town-leader' && actor.townId === review.unitId : actor.role === 'department-leader' && actor.departmentId === review.unitId;
}

/** One closed line: struck off once result and rating are checked. */
function StrikeOff({ line, act }: { line: LedgerReviewLineRecord; act: (decision: { kind: 'strikeOff'; resultChecked: boolean; ratingChecked: boolean }) => Promise<void> }) {
  const { t } = useI18n();
  const [result, setResult] = useState(false);
  const [rating, setRating] = useState(false);
  return (
    <Space direction="vertical" size={2}>
      <Checkbox checked={result} onChange={(e) => setResult(e.target.checked)} data-testid="result-checked">
        {t('reviewResultChecked')}
      </Checkbox>
      <Checkbox checked={rating} onChange={(e) => setRating(e.target.checked)} data-testid="rating-checked">
        {t('reviewRatingChecked')}
      </Checkbox>
      <Button size="small" type="primary" disabled={!result || !rating} onClick={() => void act({ kind: 'strikeOff', resultChecked: result, ratingChecked: rating })} data-testid={`strike-off-${line.caseId}`}>
        {t('reviewStrikeOff')}
      </Button>
    </Space>
  );
}

/** One open line: carried over with a reason and a new target date. */
function CarryOver({ line, act }: { line: LedgerReviewLineRecord; act: (decision: { kind: 'carryOver'; reason: string; newTargetDate: string }) => Promise<void> }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [date, setDate] = useState<Dayjs | null>(null);
  return (
    <Space direction="vertical" size={2}>
      <Input size="small" placeholder={t('reviewReason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} aria-label={t('reviewReason')} data-testid={`reason-${line.caseId}`} />
      <DatePicker size="small" placeholder={t('reviewNewTarget')} value={date} onChange={setDate} aria-label={t('reviewNewTarget')} data-testid={`target-${line.caseId}`} />
      <Button
        size="small"
        disabled={!reason.trim() || !date}
        onClick={() => void act({ kind: 'carryOver', reason, newTargetDate: date?.format('YYYY-MM-DD') ?? '' })}
        data-testid={`carry-over-${line.caseId}`}
      >
        {t('reviewCarryOver')}
      </Button>
    </Space>
  );
}

function Sheet({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, statusName } = useI18n();
  const actor = useActor();
  const sheet = useLoader((signal) => ledgerReviewsApi.sheet(id, signal), [id]);
  const [signature, setSignature] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const data: LedgerReviewSheet | undefined = sheet.data;
  if (!data) return <ProblemAlert message={sheet.error ? sheet.error.message : null} />;
  const { review, lines } = data;
  const signing = review.status === 'open' && signsFor(review, actor);
  const run = async (send: (key: string) => Promise<unknown>) => {
    setProblem(null);
    try {
      await send(newIdempotencyKey());
      void message.success(t('done'));
      sheet.reload();
      onChanged();
    } catch (error) {
      setProblem(describeProblem(error));
    }
  };
  const decide = (line: LedgerReviewLineRecord) => (decision: Parameters<typeof ledgerReviewsApi.decide>[2]['decision']) =>
    run((key) => ledgerReviewsApi.decide(id, line.caseId, { decision, signature }, key));
  const exportAs = async (format: 'xlsx' | 'pdf') => {
    setExporting(format);
    try {
      void message.success(await downloadSheet(id, format));
    } catch (error) {
      setProblem(`${t('exportFailed')}: ${(error as Error).message}`);
    } finally {
      setExporting(null);
    }
  };
  const decided = (line: LedgerReviewLineRecord) =>
    line.decision ? (
      <Space direction="vertical" size={0} data-testid="line-decision" data-decision={line.decision}>
        <Tag color={line.decision === 'strikeOff' ? 'green' : line.escalated ? 'red' : 'orange'}>
          {t(line.decision === 'strikeOff' ? 'reviewStruckOff' : 'reviewCarriedOver')}
          {line.escalated ? ` · ${t('reviewEscalated')}` : ''}
        </Tag>
        {line.reason ? <Typography.Text type="secondary">{line.reason}</Typography.Text> : null}
        {line.newTargetDate ? <Typography.Text type="secondary">→ {line.newTargetDate}</Typography.Text> : null}
        <Typography.Text type="secondary">
          {line.decidedByName} · {formatTime(line.decidedAt)}
        </Typography.Text>
      </Space>
    ) : null;
  const common = [
    { title: t('caseId'), render: (_: unknown, l: LedgerReviewLineRecord) => <CaseLink id={l.caseId} /> },
    { title: t('village'), dataIndex: 'villageName' },
    { title: t('category'), dataIndex: 'category' },
    { title: t('description'), dataIndex: 'description' },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="review-sheet" data-status={review.status}>
      <ProblemAlert message={problem} />
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('reviewUnit')}>{review.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('reviewPeriod')}>{review.period}</Descriptions.Item>
        <Descriptions.Item label={t('reviewDue')}>{formatTime(review.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('status')}>
          <Tag color={review.status === 'signedOff' ? 'green' : review.escalatedAt ? 'red' : 'orange'} data-testid="review-status">
            {t(review.status === 'signedOff' ? 'reviewSignedOff' : 'reviewOpen')}
          </Tag>
          {review.escalatedAt ? <Tag color="red">{t('reviewOverdueEscalated')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('reviewSigner')}>
          {review.signedByName ? `${review.signedByName} · ${formatTime(review.signedOffAt)}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('export')}>
          <Space wrap>
            <Button size="small" loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
              {t('exportXlsx')}
            </Button>
            <Button size="small" loading={exporting === 'pdf'} onClick={() => void exportAs('pdf')} data-testid="export-pdf">
              {t('reviewExportPdf')}
            </Button>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {signing ? (
        <Space wrap>
          <Input
            style={{ width: 220 }}
            placeholder={t('reviewSignature')}
            value={signature}
            maxLength={50}
            onChange={(e) => setSignature(e.target.value)}
            aria-label={t('reviewSignature')}
            data-testid="signature"
          />
          <Typography.Text type="secondary">{t('reviewSignatureHint')}</Typography.Text>
        </Space>
      ) : null}
      <Card size="small" title={`${t('reviewToStrikeOff')} (${lines.filter((l) => l.section === 'closed').length})`}>
        <Table<LedgerReviewLineRecord>
          size="small"
          rowKey="caseId"
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="review-closed"
          dataSource={lines.filter((l) => l.section === 'closed')}
          locale={{ emptyText: t('noData') }}
          columns={[
            ...common,
            { title: t('reviewClosedAt'), render: (_, l) => formatTime(l.closedAt) },
            { title: t('resultSummary'), dataIndex: 'resultSummary' },
            {
              title: t('rating'),
              render: (_, l) => {
                const key = ratingKeys[l.rating ?? l.closure ?? ''];
                return key ? t(key) : '—';
              },
            },
            { title: t('reviewDecision'), render: (_, l) => decided(l) ?? (signing ? <StrikeOff line={l} act={decide(l)} /> : t('reviewUndecided')) },
          ]}
        />
      </Card>
      <Card size="small" title={`${t('reviewToCarryOver')} (${lines.filter((l) => l.section === 'open').length})`}>
        <Table<LedgerReviewLineRecord>
          size="small"
          rowKey="caseId"
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="review-open"
          dataSource={lines.filter((l) => l.section === 'open')}
          locale={{ emptyText: t('noData') }}
          columns={[
            ...common,
            { title: t('status'), render: (_, l) => statusName(l.status) },
            { title: t('reviewCarriedBefore'), render: (_, l) => (l.carriedOverBefore ? <Tag color={l.carriedOverBefore >= 1 ? 'orange' : 'default'}>{l.carriedOverBefore}</Tag> : 0) },
            { title: t('reviewPreviousTarget'), render: (_, l) => l.previousTargetDate ?? '—' },
            { title: t('reviewDecision'), render: (_, l) => decided(l) ?? (signing ? <CarryOver line={l} act={decide(l)} /> : t('reviewUndecided')) },
          ]}
        />
      </Card>
      {signing ? (
        <Button
          type="primary"
          disabled={lines.some((l) => !l.decision) || !signature.trim()}
          onClick={() => void run((key) => ledgerReviewsApi.signOff(id, signature, key))}
          data-testid="sign-off"
        >
          {t('reviewSignOff')}
        </Button>
      ) : null}
    </Space>
  );
}

/** An admin starts one unit's review of a month by hand (the worker starts every unit's on the 1st). */
function StartReview({ onStarted }: { onStarted: (id: string) => void }) {
  const { t } = useI18n();
  const { organisation } = useDirectory();
  const [problem, setProblem] = useState<string | null>(null);
  const units = [
    ...(organisation?.towns ?? []).map((town) => ({ value: `town:${town.id}`, label: town.name })),
    ...(organisation?.departments ?? []).map((d) => ({ value: `department:${d.id}`, label: d.name })),
  ];
  return (
    <Form
      layout="inline"
      name="start-review"
      initialValues={{ period: dayjs().subtract(1, 'month') }}
      onFinish={(values: { unit: string; period: Dayjs }) => {
        const [kind, unitId] = values.unit.split(':') as ['town' | 'department', string];
        const unit: ReviewUnit = kind === 'town' ? { kind, townId: unitId } : { kind, departmentId: unitId };
        setProblem(null);
        ledgerReviewsApi
          .start({ period: values.period.format('YYYY-MM'), unit }, newIdempotencyKey())
          .then((started) => onStarted(started.reviewId))
          .catch((error: unknown) => setProblem(describeProblem(error)));
      }}
    >
      <ProblemAlert message={problem} />
      <Form.Item name="unit" label={t('reviewUnit')} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 180 }} options={units} />
      </Form.Item>
      <Form.Item name="period" label={t('reviewPeriod')} rules={[{ required: true }]}>
        <DatePicker picker="month" />
      </Form.Item>
      <Button htmlType="submit" data-testid="start-review">
        {t('reviewStart')}
      </Button>
    </Form>
  );
}

/**
 * 对账销号: the monthly review of the ledger of a town or a department. Its leader strikes off each
 * item closed since the last review after checking result and rating, carries over each open one
 * with a reason and a new date, and signs the sheet by name; the sheet exports to Excel and PDF.
 */
export function LedgerReviewsPage() {
  const { t } = useI18n();
  const actor = useActor();
  const reviews = useLoader((signal) => ledgerReviewsApi.list(signal), [], 15_000);
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? reviews.data?.items[0]?.id ?? null;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('reviewsTitle')} extra={<Button onClick={reviews.reload}>{t('refresh')}</Button>}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {actor.role === 'admin' ? <StartReview onStarted={(id) => { setSelected(id); setTimeout(reviews.reload, 1000); }} /> : null}
          <Table<LedgerReviewRecord>
            size="small"
            rowKey="id"
            data-testid="reviews"
            loading={reviews.loading && !reviews.data}
            dataSource={reviews.data?.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t('noData') }}
            rowClassName={(r) => (r.id === current ? 'ant-table-row-selected' : '')}
            onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('reviewPeriod'), dataIndex: 'period' },
              { title: t('reviewUnit'), dataIndex: 'unitName' },
              {
                title: t('status'),
                render: (_, r) => (
                  <Tag color={r.status === 'signedOff' ? 'green' : r.escalatedAt ? 'red' : 'orange'}>{t(r.status === 'signedOff' ? 'reviewSignedOff' : 'reviewOpen')}</Tag>
                ),
              },
              { title: t('reviewDue'), render: (_, r) => formatTime(r.dueAt) },
              { title: t('reviewSigner'), render: (_, r) => r.signedByName || '—' },
            ]}
          />
        </Space>
      </Card>
      {current ? (
        <Card size="small" title={t('reviewSheet')}>
          <Sheet key={current} id={current} onChanged={reviews.reload} />
        </Card>
      ) : null}
    </Space>
  );
}
