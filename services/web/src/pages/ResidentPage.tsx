import { Button, Card, Form, Input, Select, Typography, message } from 'antd';
import { useState } from 'react';
import { publicReference } from '@bishan/domain';
import { casesApi } from '../api/cases';
import { newIdempotencyKey, useActor } from '../api/client';
import { useLoader } from '../api/hooks';
import { useDirectory } from '../api/organisation';
import { CaseTable } from '../components/CaseTable';
import { CourtyardPicker } from '../components/CourtyardPicker';
import { PublicNotices } from '../components/PublicNotices';
import { ProblemAlert, applyProblem } from '../components/problem';
import { useI18n } from '../i18n';

interface RaiseForm {
  category: string;
  description: string;
  location?: { courtyardId?: string };
}

/** A resident's phone: raise an issue in the online group, follow my cases, rate a result. */
export function ResidentPage() {
  const { t } = useI18n();
  const actor = useActor();
  const { organisation, townName, villageName } = useDirectory();
  const [form] = Form.useForm<RaiseForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const mine = useLoader((signal) => casesApi.ledger({ sort: '-raisedAt', limit: 100 }, signal), [], 5000);

  const raise = async (values: RaiseForm) => {
    setBusy(true);
    setProblem(null);
    try {
      const raised = await casesApi.raise(
        {
          category: values.category,
          description: values.description,
          channel: 'onlineGroup',
          location: {
            townId: actor.townId,
            villageId: actor.villageId,
            ...(values.location?.courtyardId ? { courtyardId: values.location.courtyardId } : {}),
          },
          reporterIds: [actor.id],
        },
        idempotencyKey,
      );
      // The reference the notices and the case page show, not the internal id.
      void message.success(`${t('raised')} ${publicReference(raised.id)}`);
      if (raised.startPending) void message.info(t('raisedWaitingToStart'));
      // A repeat is allowed (a new detail, one more voice); the resident is told it is one.
      if (raised.likelyDuplicateCount > 0) void message.info(`${t('alreadyReported')} ${raised.likelyDuplicateCount}`);
      form.resetFields();
      setIdempotencyKey(newIdempotencyKey());
      mine.reload();
    } catch (error) {
      setProblem(applyProblem(form, error, ['category', 'description', 'location.courtyardId']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      <Card title={t('raiseTitle')} size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {townName(actor.townId)} · {villageName(actor.villageId)}
        </Typography.Paragraph>
        <ProblemAlert message={problem} />
        <Form form={form} layout="vertical" name="raise" onFinish={(values) => void raise(values)}>
          <Form.Item name="category" label={t('category')} rules={[{ required: true, message: `${t('category')}: ${t('required')}` }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="raise-category"
              options={organisation?.categories.map((c) => ({ value: c, label: c }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('description')}
            rules={[{ required: true, message: `${t('description')}: ${t('required')}` }]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="raise-description" />
          </Form.Item>
          <Form.Item name={['location', 'courtyardId']} label={t('courtyard')}>
            <CourtyardPicker villageId={actor.villageId} placeholder={t('optional')} allowClear testId="raise-courtyard" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="raise-submit">
            {t('raiseButton')}
          </Button>
        </Form>
      </Card>
      <Card title={t('myCases')} size="small" extra={<Button onClick={mine.reload}>{t('refresh')}</Button>}>
        <CaseTable rows={mine.data?.items} loading={mine.loading && !mine.data} onChanged={mine.reload} testId="my-cases" />
      </Card>
      <div style={{ marginTop: 12 }}>
        <PublicNotices villageId={actor.villageId} />
      </div>
    </div>
  );
}
