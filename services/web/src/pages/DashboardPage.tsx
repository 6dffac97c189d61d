import { Button, Card, Col, DatePicker, Form, Row, Select, Space, Statistic, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { dashboardCsv, loadDashboard, type Breakdown, type DashboardFilter } from '../api/reports';
import { Chart } from '../components/Chart';
import { ProblemAlert } from '../components/problem';
import { useI18n } from '../i18n';

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function barOption(rows: Breakdown[], name: (key: string) => string, labels: { raised: string; closed: string; overdue: string }) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 12, bottom: 60, top: 30 },
    xAxis: { type: 'category', data: rows.map((r) => name(r.key)), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.raised, type: 'bar', data: rows.map((r) => r.raised) },
      { name: labels.closed, type: 'bar', data: rows.map((r) => r.closed) },
      { name: labels.overdue, type: 'bar', data: rows.map((r) => r.overdue) },
    ],
  };
}

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** KPIs with charts, filtered by town, department, category and period, exportable as CSV. */
export function DashboardPage() {
  const { t } = useI18n();
  const { organisation, townName, departmentName } = useDirectory();
  const [filter, setFilter] = useState<DashboardFilter>({});
  const figures = useLoader((signal) => loadDashboard(filter, signal), [JSON.stringify(filter)], 10000);
  const data = figures.data;
  const labels = { raised: t('casesRaised'), closed: t('casesClosed'), overdue: t('overdue') };

  const trend = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 12, bottom: 30, top: 30 },
        xAxis: { type: 'category', data: data.byMonth.map((m) => m.key) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: labels.raised, type: 'line', data: data.byMonth.map((m) => m.raised) },
          { name: labels.closed, type: 'line', data: data.byMonth.map((m) => m.closed) },
        ],
      },
    [data, t],
  );
  const ratingPie = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            data: (['satisfied', 'basicallySatisfied', 'dissatisfied', 'notRated'] as const).map((r) => ({
              name: t(r),
              value: data.ratings[r] ?? 0,
            })),
          },
        ],
      },
    [data, t],
  );

  const onFilter = (values: { townId?: string; departmentId?: string; category?: string; period?: [Dayjs, Dayjs] | null }) =>
    setFilter({
      townId: values.townId,
      departmentId: values.departmentId,
      category: values.category,
      from: values.period?.[0]?.startOf('day').toISOString(),
      to: values.period?.[1]?.endOf('day').toISOString(),
    });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('dashboardTitle')}>
        <Form layout="inline" onFinish={onFilter} name="dashboard-filter" style={{ rowGap: 8 }}>
          <Form.Item name="townId" label={t('town')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 140 }} options={organisation?.towns.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="departmentId" label={t('handler')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 160 }} options={organisation?.departments.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="category" label={t('category')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ minWidth: 120 }} options={organisation?.categories.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="period" label={t('period')}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Button htmlType="submit" type="primary">
            {t('search')}
          </Button>
          <Button
            style={{ marginLeft: 8 }}
            disabled={!data}
            data-testid="dashboard-export"
            onClick={() => data && download('dashboard.csv', dashboardCsv(data, { town: townName, department: departmentName }), 'text/csv')}
          >
            {t('export')}
          </Button>
        </Form>
      </Card>
      <ProblemAlert message={figures.error ? figures.error.message : null} />
      <Row gutter={[12, 12]} data-testid="kpis">
        {[
          { key: 'casesRaised', label: t('casesRaised'), value: data?.casesRaised },
          { key: 'closed', label: t('casesClosed'), value: data?.closed },
          { key: 'open', label: t('openCases'), value: data?.open },
          { key: 'escalations', label: t('escalations'), value: data?.escalations },
          { key: 'onTimeRate', label: t('onTimeRate'), value: data ? percent(data.onTimeRate) : undefined },
          { key: 'satisfactionRate', label: t('satisfactionRate'), value: data ? percent(data.satisfactionRate) : undefined },
        ].map((kpi) => (
          <Col xs={12} sm={8} md={4} key={kpi.key}>
            <Card size="small">
              <div data-testid={`kpi-${kpi.key}`}>
                <Statistic title={kpi.label} value={kpi.value ?? '—'} loading={!data} />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {data && data.basis.rows < data.basis.total ? (
        <Typography.Text type="warning">
          {data.basis.rows} / {data.basis.total}
        </Typography.Text>
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('trendByMonth')}>
            {trend ? <Chart option={trend} testId="chart-trend" /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('ratings')}>
            {ratingPie ? <Chart option={ratingPie} testId="chart-ratings" /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('byTown')}>
            {data ? <Chart option={barOption(data.byTown, townName, labels)} testId="chart-town" /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('byDepartment')}>
            {data ? <Chart option={barOption(data.byDepartment, departmentName, labels)} testId="chart-department" /> : null}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
