import { Button, Form, Input, InputNumber, Modal, Radio, Select, message, type ButtonProps } from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { casesApi } from '../api/cases';
import { newIdempotencyKey } from '../api/client';
import { useI18n } from '../i18n';
import { ProblemAlert, applyProblem } from './problem';

export interface ActionField {
  /** Dotted path of the body field, as the API names it in problem documents. */
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'select' | 'multiselect' | 'radio';
  required?: boolean;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  initial?: string | number;
}

interface ActionButtonProps {
  caseId: string;
  action: string;
  label: ReactNode;
  title?: string;
  fields?: ActionField[];
  /** Fixed parts of the body (e.g. the triage route). */
  body?: Record<string, unknown>;
  /** Turns the form's values into the body where a field stands for more than one (a unit and its level). */
  shape?: (values: Record<string, unknown>) => Record<string, unknown>;
  danger?: boolean;
  type?: 'primary' | 'default' | 'link';
  /** Called with the action's event sequence, for reads that must see it (minSeq). */
  onDone?: (eventSeq: number) => void;
  testId?: string;
}

function nest(values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    const parts = path.split('.');
    let target = body;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1] as string] = value;
  }
  return body;
}

function withoutEmpty(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) =>
        value && typeof value === 'object' && !Array.isArray(value) ? [key, withoutEmpty(value as Record<string, unknown>)] : [key, value],
      ),
  );
}

/**
 * One action of the loop on one case. Without fields it is sent on click; with fields it opens a
 * labelled form whose errors come back from the API next to the field they name.
 */
export function ActionButton(props: ActionButtonProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm();
  // One id per button: the same action may be offered twice on a case (an acknowledgement per instruction).
  const formId = `form-${props.action}-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const fields = props.fields ?? [];
  // One key per opened form: a double submit or a retried request acts once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  const send = async (values: Record<string, unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      const filled = withoutEmpty(values);
      const answer = await casesApi.act(props.caseId, props.action, { ...(props.shape ? props.shape(filled) : filled), ...props.body }, idempotencyKey);
      void message.success(t('done'));
      setOpen(false);
      form.resetFields();
      setIdempotencyKey(newIdempotencyKey());
      props.onDone?.(answer.eventSeq);
    } catch (error) {
      const left = applyProblem(form, error, fields.map((f) => f.name));
      setProblem(left);
      if (fields.length === 0 && left) void message.error(left);
    } finally {
      setBusy(false);
    }
  };

  if (fields.length === 0) {
    return (
      <Button
        size="small"
        type={props.type ?? 'primary'}
        danger={props.danger}
        loading={busy}
        onClick={() => void send({})}
        data-testid={props.testId ?? `action-${props.action}`}
      >
        {props.label}
      </Button>
    );
  }

  return (
    <>
      <Button
        size="small"
        type={props.type ?? 'primary'}
        danger={props.danger}
        onClick={() => {
          setProblem(null);
          setOpen(true);
        }}
        data-testid={props.testId ?? `action-${props.action}`}
      >
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title ?? props.label}
        onCancel={() => setOpen(false)}
        okText={t('submit')}
        cancelText={t('cancel')}
        okButtonProps={{ htmlType: 'submit', form: formId, loading: busy, 'data-testid': 'modal-submit' } as ButtonProps}
        destroyOnHidden
        forceRender
      >
        <ProblemAlert message={problem} />
        {/* Named, so each field's id (and its label's for) is this form's own: a page holds many forms with a 'reason'. */}
        <Form
          name={formId}
          form={form}
          layout="vertical"
          onFinish={(values: Record<string, unknown>) => void send(values)}
          initialValues={nest(Object.fromEntries(fields.map((f) => [f.name, f.initial])))}
        >
          {fields.map((field, index) => (
            <Form.Item
              key={field.name}
              name={field.name.split('.')}
              label={field.label}
              rules={field.required ? [{ required: true, message: `${field.label}: ${t('required')}` }] : []}
            >
              {field.kind === 'textarea' ? (
                <Input.TextArea rows={3} autoFocus={index === 0} maxLength={4000} />
              ) : field.kind === 'number' ? (
                <InputNumber min={field.min} max={field.max} style={{ width: '100%' }} autoFocus={index === 0} />
              ) : field.kind === 'radio' ? (
                <Radio.Group options={field.options} optionType="button" buttonStyle="solid" />
              ) : field.kind === 'select' ? (
                <Select options={field.options} autoFocus={index === 0} showSearch optionFilterProp="label" />
              ) : field.kind === 'multiselect' ? (
                <Select mode="multiple" options={field.options} autoFocus={index === 0} optionFilterProp="label" />
              ) : (
                <Input autoFocus={index === 0} />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
