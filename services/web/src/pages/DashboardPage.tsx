import { Button, Card, Col, DatePicker, Empty, Form, Row, Select, Space, Statistic, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { format } from 'echarts/core';
import { useMemo, useState } from 'react';
import { casesApi } from '../api/cases';
import { useLoader } from '../api/hooks';
import { addDays, defaultPeriod, percent } from '../api/kpi-query';
import { useDirectory } from '../api/organisation';
import { barOf, departmentBars, localUnitBars, type RateBar } from '../api/kpi-bars';
import { downloadKpis, loadDashboard, NO_GROUP, type KpiFilter, type KpiRow, type Rate } from '../api/reports';
import { Chart } from '../components/Chart';
import { DutyCoverageCard } from '../components/DutyCoverage';
import { ProblemAlert } from '../components/problem';
import { useI18n } from '../i18n';

const asPercent = (rate: Rate) => (rate.value === null ? null : Math.round(rate.value * 1000) / 10);

/**
 * On-time completion and satisfaction of each group, as bars in percent; the tooltip shows the counts.
 * ECharts writes a formatter's answer into the page as HTML: every text in it (names come from the
 * organisation, which administrators type) is escaped; only ECharts' own colour marker is markup.
 */
function ratesByGroup(bars: readonly RateBar[], labels: { onTime: string; satisfaction: string }) {
  const rates = [
    { label: labels.onTime, of: (bar: RateBar) => bar.onTime },
    { label: labels.satisfaction, of: (bar: RateBar) => bar.satisfaction },
  ];
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number; seriesIndex: number; marker: string; seriesName: string }[]) => {
        const row = bars[items[0]?.dataIndex ?? 0];
        if (!row) return '';
        return [
          format.encodeHTML(row.name),
          ...items.map((item) => {
            const rate = rates[item.seriesIndex]?.of(row);
            if (!rate) return '';
            return `${item.marker}${format.encodeHTML(`${item.seriesName}: ${percent(rate.value)} (${rate.numerator}/${rate.denominator})`)}`;
          }),
        ].join('<br/>');
      },
    },
    legend: { top: 0 },
    grid: { left: 44, right: 12, bottom: 64, top: 30 },
    xAxis: { type: 'category', data: bars.map((bar) => bar.name), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: rates.map((rate) => ({ name: rate.label, type: 'bar', data: bars.map((bar) => asPercent(rate.of(bar))) })),
  };
}

interface FilterForm {
  town?: string;
  department?: string;
  category?: string;
  period?: [Dayjs, Dayjs] | null;
}

/**
 * The reporting service's KPIs (GET /reports/kpis): headline figures over the chosen period, the
 * trend by month, on-time completion and satisfaction by town, by district department and by the
 * villages and towns that handled cases themselves (each by name), with filters and the service's
 * own CSV and Excel exports of the same query.
 */
export function DashboardPage() {
  const { t } = useI18n();
  const { organisation, townName, villageName } = useDirectory();
  const initial = useMemo(() => defaultPeriod(new Date()), []);
  const [filter, setFilter] = useState<KpiFilter>(initial);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // Each refresh is four KPI computations over the reporting facts: once a minute is live enough.
  const figures = useLoader((signal) => loadDashboard(filter, signal), [JSON.stringify(filter)], 60_000);
  // Escalations nobody has acknowledged yet, now (not in the period): what leaders must look at first.
  const unseen = useLoader((signal) => casesApi.ledger({ escalationUnseen: true, limit: 1 }, signal), [], 30_000);
  const data = figures.data;
  const headline = data?.headline;
  const labels = { onTime: t('onTimeRate'), satisfaction: t('satisfactionRate') };
  const townBars = (rows: readonly KpiRow[]) => rows.map((row) => barOf(row, row.group === null || row.group === NO_GROUP ? t('unknown') : townName(row.group)));
  const departmentNames = useMemo(() => new Map(organisation?.departments.map((d) => [d.id, d.name])), [organisation]);

  const trend = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 48, bottom: 30, top: 30 },
        xAxis: { type: 'category', data: data.byMonth.map((m) => m.period.key) },
        yAxis: [
          { type: 'value', minInterval: 1 },
          { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        ],
        series: [
          { name: t('casesRaised'), type: 'bar', data: data.byMonth.map((m) => m.figures.casesRaised) },
          { name: t('kpiResolved'), type: 'bar', data: data.byMonth.map((m) => m.figures.casesResolved) },
          { name: labels.onTime, type: 'line', yAxisIndex: 1, connectNulls: true, data: data.byMonth.map((m) => asPercent(m.figures.onTimeCompletionRate)) },
          { name: labels.satisfaction, type: 'line', yAxisIndex: 1, connectNulls: true, data: data.byMonth.map((m) => asPercent(m.figures.satisfactionRate)) },
        ],
      },
    [data, t],
  );

  const onFilter = (values: FilterForm) =>
    setFilter({
      ...(values.period
        ? { from: values.period[0].format('YYYY-MM-DD'), to: addDays(values.period[1].format('YYYY-MM-DD'), 1) }
        : initial),
      town: values.town,
      department: values.department,
      category: values.category,
    });

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    setExportError(null);
    try {
      const name = await downloadKpis(filter, format);
      void message.success(name);
    } catch (error) {
      setExportError(`${t('exportFailed')}: ${(error as Error).message}`);
    } finally {
      setExporting(null);
    }
  };

  const cards = [
    { key: 'casesRaised', label: t('casesRaised'), value: headline?.casesRaised ?? 0 },
    { key: 'resolvedOnSpot', label: t('resolvedOnSpot'), value: headline?.resolvedOnSpot ?? 0 },
    // Test id `closed`: cases closed in the period, every closure of the loop being a resolution.
    { key: 'closed', label: t('kpiResolved'), value: headline?.casesResolved ?? 0 },
    { key: 'onTimeRate', label: t('onTimeRate'), value: percent(headline?.onTimeCompletionRate.value) },
    { key: 'satisfactionRate', label: t('satisfactionRate'), value: percent(headline?.satisfactionRate.value) },
    { key: 'threeRateScore', label: t('threeRateScore'), value: percent(headline?.threeRateScore) },
    { key: 'onSiteResolutionRate', label: t('onSiteResolutionRate'), value: percent(headline?.onSiteResolutionRate.value) },
    { key: 'overdueCases', label: t('overdueCases'), value: headline?.overdueCases ?? 0 },
    { key: 'escalations', label: t('escalations'), value: headline?.escalations ?? 0 },
    { key: 'escalationsUnseen', label: t('unseenEscalations'), value: unseen.data?.total ?? 0 },
    { key: 'meetingsHeld', label: t('meetingsHeld'), value: headline?.meetingsHeld ?? 0 },
    // Counted from the mediation records (调解), not from case categories.
    { key: 'mediations', label: t('mediationCount'), value: headline?.mediations ?? 0 },
    { key: 'mediationSuccessRate', label: t('mediationSuccessRate'), value: percent(headline?.mediationSuccessRate.value) },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('dashboardTitle')}>
        <Form<FilterForm>
          layout="inline"
          onFinish={onFilter}
          name="dashboard-filter"
          style={{ rowGap: 8 }}
          initialValues={{ period: [dayjs(initial.from), dayjs(addDays(initial.to, -1))] }}
        >
          <Form.Item name="period" label={t('period')}>
            <DatePicker.RangePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="town" label={t('town')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 140 }} options={organisation?.towns.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="department" label={t('kpiDepartment')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 160 }} options={organisation?.departments.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="category" label={t('category')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 120 }} options={organisation?.categories.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Space wrap>
            <Button htmlType="submit" type="primary">
              {t('search')}
            </Button>
            <Button data-testid="dashboard-export-csv" loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>
              {t('exportCsv')}
            </Button>
            <Button data-testid="dashboard-export-xlsx" loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
              {t('exportXlsx')}
            </Button>
          </Space>
        </Form>
      </Card>
      <ProblemAlert message={figures.error ? figures.error.message : exportError} />
      <Row gutter={[12, 12]} data-testid="kpis">
        {cards.map((kpi) => (
          <Col xs={12} sm={8} md={6} lg={4} key={kpi.key}>
            <Card size="small">
              <div data-testid={`kpi-${kpi.key}`}>
                <Statistic title={kpi.label} value={data ? kpi.value : '—'} loading={!data && !figures.error} />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {data ? (
        <Typography.Text type="secondary" data-testid="kpi-policy">
          {t('kpiPolicy')}: {data.policyVersion} · {filter.from} – {addDays(filter.to, -1)}
          {data.headline ? null : ` · ${t('noKpiData')}`}
        </Typography.Text>
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24}>
          <Card size="small" title={t('trendByMonth')}>
            {trend && data && data.byMonth.length > 0 ? <Chart option={trend} testId="chart-trend" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('byTown')} · ${labels.onTime} / ${labels.satisfaction}`}>
            {data && data.byTown.length > 0 ? (
              <Chart option={ratesByGroup(townBars(data.byTown), labels)} testId="chart-town" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('byDepartment')} · ${labels.onTime} / ${labels.satisfaction}`}>
            {data && data.byDepartment.length > 0 ? (
              <Chart option={ratesByGroup(departmentBars(data.byDepartment, departmentNames), labels)} testId="chart-department" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('villageTownHandling')} · ${labels.onTime} / ${labels.satisfaction}`}>
            {data && data.byLocalUnit.length > 0 ? (
              <Chart option={ratesByGroup(localUnitBars(data.byLocalUnit, { town: townName, village: villageName }), labels)} testId="chart-local-unit" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
      </Row>
      <DutyCoverageCard />
    </Space>
  );
}
