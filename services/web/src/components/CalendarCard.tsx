import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Space, Table, Tag, message } from 'antd';
import type { HolidaySchedule } from '@bishan/domain';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { calendarApi, type CalendarOverview } from '../api/calendar';
import { newIdempotencyKey } from '../api/client';
import { useLoader } from '../api/hooks';
import { usePersonName } from '../api/people';
import { useI18n } from '../i18n';
import { formatTime } from './CaseBits';
import { ProblemAlert, applyProblem } from './problem';

/** 节假日数据将于 2026-12-31 用完(剩 27 天)…: the banner, in the reader's language. */
export function calendarWarning(coverage: CalendarOverview['coverage'], language: 'zh' | 'en'): string {
  const next = Number(coverage.coveredThrough.slice(0, 4)) + 1;
  const days = coverage.daysLeft;
  if (language === 'zh') {
    const when = days >= 0 ? `将于 ${coverage.coveredThrough} 用完(剩 ${days} 天)` : `已于 ${coverage.coveredThrough} 用完(已过 ${-days} 天)`;
    return `节假日数据${when}:请载入 ${next} 年的节假日安排。之后的时限暂按周一至周五计算,载入后自动调整。`;
  }
  const when = days >= 0 ? `runs out on ${coverage.coveredThrough} (${days} days left)` : `ran out on ${coverage.coveredThrough} (${-days} days ago)`;
  return `The holiday data ${when}: load the ${next} schedule. Deadlines after it are counted Monday–Friday until then, and move once it is loaded.`;
}

interface FormValues {
  year: number;
  holidays: { name: string; range: [Dayjs, Dayjs] }[];
  adjustedWorkingDays: { date: Dayjs }[];
  source: { title: string; publishedOn: Dayjs };
}

const day = (value: Dayjs) => value.format('YYYY-MM-DD');

/**
 * The holiday data on the ops page: how long it lasts (a banner from 60 days before its end), every
 * loaded year, and the form an administrator loads next year's official schedule with.
 */
export function CalendarCard() {
  const { t, language } = useI18n();
  const personName = usePersonName();
  const overview = useLoader((signal) => calendarApi.overview(signal), [], 30000);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [form] = Form.useForm<FormValues>();
  const data = overview.data;

  const submit = async (values: FormValues) => {
    setBusy(true);
    setProblem(null);
    const schedule: HolidaySchedule = {
      year: values.year,
      holidays: (values.holidays ?? []).map((h) => ({ name: h.name, from: day(h.range[0]), to: day(h.range[1]) })),
      adjustedWorkingDays: (values.adjustedWorkingDays ?? []).map((d) => day(d.date)),
      source: { title: values.source.title, publishedOn: day(values.source.publishedOn) },
    };
    try {
      await calendarApi.loadYear(schedule, key);
      void message.success(t('calendarLoaded'));
      setOpen(false);
      form.resetFields();
      setKey(newIdempotencyKey());
      overview.reload();
    } catch (error) {
      setProblem(applyProblem(form, error, ['year', 'source.title', 'source.publishedOn']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('calendarTitle')}
      loading={!data && !overview.error}
      extra={
        <Button type="primary" onClick={() => setOpen(true)} data-testid="load-year">
          {t('loadYear')}
        </Button>
      }
      data-testid="calendar-card"
    >
      <ProblemAlert message={overview.error ? overview.error.message : null} />
      {data ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {data.coverage.runningOut ? (
            <Alert type="warning" showIcon title={calendarWarning(data.coverage, language)} data-testid="calendar-warning" />
          ) : null}
          <Space wrap>
            <Tag>
              {t('calendarCoveredThrough')} {data.coverage.coveredThrough}
            </Tag>
            <Tag color={data.coverage.runningOut ? 'orange' : 'green'}>
              {t('calendarDaysLeft')} {data.coverage.daysLeft}
            </Tag>
            <Tag>
              {t('calendarPackageYears')} {data.coverage.packageYears.from}–{data.coverage.packageYears.to}
            </Tag>
            {data.rollout ? (
              <Tag color={data.rollout.status === 'COMPLETED' ? 'green' : 'blue'} data-testid="calendar-rollout">
                {t('rolloutStatus')}: {data.rollout.status === 'COMPLETED' ? `${t('rolloutSignalled')} ${data.rollout.signalled ?? 0}` : data.rollout.status}
              </Tag>
            ) : null}
          </Space>
          <Table
            size="small"
            rowKey={(s) => `${s.year}-${s.revision}`}
            pagination={false}
            dataSource={data.schedules}
            locale={{ emptyText: t('noData') }}
            columns={[
              { title: t('year'), dataIndex: 'year' },
              { title: t('revision'), dataIndex: 'revision' },
              { title: t('sourceTitle'), render: (_: unknown, s) => `${s.source.title}(${s.source.publishedOn})` },
              { title: t('holidays'), render: (_: unknown, s) => s.holidays.map((h) => `${h.name} ${h.from}~${h.to}`).join(';') },
              { title: t('adjustedWorkingDays'), render: (_: unknown, s) => s.adjustedWorkingDays.join('、') },
              { title: t('loadedBy'), render: (_: unknown, s) => `${personName(s.loadedBy)} · ${formatTime(s.loadedAt)}` },
            ]}
          />
        </Space>
      ) : null}
      <Modal
        open={open}
        title={t('loadYear')}
        onCancel={() => setOpen(false)}
        okText={t('submit')}
        cancelText={t('cancel')}
        okButtonProps={{ htmlType: 'submit', form: 'load-year-form', loading: busy, 'data-testid': 'modal-submit' } as never}
        width={640}
        destroyOnHidden
        forceRender
      >
        <ProblemAlert message={problem} />
        <Form id="load-year-form" form={form} layout="vertical" onFinish={(values) => void submit(values)}>
          <Form.Item name="year" label={t('year')} rules={[{ required: true, message: `${t('year')}: ${t('required')}` }]}>
            <InputNumber min={2004} max={2100} style={{ width: 160 }} data-testid="calendar-year" />
          </Form.Item>
          <Form.List name="holidays" initialValue={[{}]}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'name']} label={t('holidayName')} rules={[{ required: true, message: t('required') }]}>
                      <Input style={{ width: 140 }} data-testid="holiday-name" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'range']} label={`${t('dateFrom')} / ${t('dateTo')}`} rules={[{ required: true, message: t('required') }]}>
                      <DatePicker.RangePicker data-testid="holiday-range" />
                    </Form.Item>
                    <Button onClick={() => remove(field.name)}>{t('remove')}</Button>
                  </Space>
                ))}
                <Button onClick={() => add()} style={{ marginBottom: 12 }}>
                  {t('addHoliday')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.List name="adjustedWorkingDays">
            {(fields, { add, remove }) => (
              <Form.Item label={t('adjustedWorkingDays')}>
                <Space wrap>
                  {fields.map((field) => (
                    <Space key={field.key}>
                      <Form.Item name={[field.name, 'date']} noStyle rules={[{ required: true, message: t('required') }]}>
                        <DatePicker />
                      </Form.Item>
                      <Button size="small" onClick={() => remove(field.name)}>
                        {t('remove')}
                      </Button>
                    </Space>
                  ))}
                  <Button size="small" onClick={() => add()}>
                    +
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item name={['source', 'title']} label={t('sourceTitle')} rules={[{ required: true, message: t('required') }]}>
            <Input data-testid="source-title" />
          </Form.Item>
          <Form.Item name={['source', 'publishedOn']} label={t('publishedOn')} rules={[{ required: true, message: t('required') }]}>
            <DatePicker data-testid="source-published" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
