import { Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useNow } from '../api/hooks';
import { publicReference, type CaseStatus, type DeadlineKind } from '@bishan/domain';
import { useI18n } from '../i18n';
import { deadlineKindNames, durationIn, nameIn } from '../labels/case-labels';

const statusColors: Record<CaseStatus, string> = {
  notRaised: 'default',
  raised: 'default',
  inLedger: 'default',
  published: 'blue',
  claimed: 'cyan',
  handling: 'processing',
  resultReported: 'purple',
  awaitingRating: 'gold',
  closed: 'green',
};

export function StatusTag({ status }: { status: string }) {
  const { statusName } = useI18n();
  return (
    <Tag color={(statusColors as Partial<Record<string, string>>)[status] ?? 'default'} data-status={status}>
      {statusName(status)}
    </Tag>
  );
}

/** Overdue, escalated, paused, concentrated: the flags people must not miss. */
export function CaseFlags(props: { overdue?: boolean; escalationLevel?: number; paused?: boolean; concentrated?: boolean }) {
  const { t } = useI18n();
  return (
    <Space size={2} wrap>
      {props.overdue ? <Tag color="red">{t('overdue')}</Tag> : null}
      {props.escalationLevel ? (
        <Tag color="volcano" data-testid="escalated-flag">
          {t('escalated')} ·{props.escalationLevel}
        </Tag>
      ) : null}
      {props.paused ? <Tag color="orange">{t('paused')}</Tag> : null}
      {props.concentrated ? <Tag color="magenta">{t('concentrated')}</Tag> : null}
    </Space>
  );
}

/** A live countdown to a deadline (剩余3天1小时); red once it has passed. */
export function Countdown({ dueAt, kind }: { dueAt: string | null | undefined; kind?: string | null }) {
  const now = useNow();
  const { t, language } = useI18n();
  if (!dueAt) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = Date.parse(dueAt) - now;
  const gap = language === 'zh' ? '' : ' ';
  const label = left >= 0 ? `${t('remaining')}${gap}${durationIn(left, language)}` : `${t('overdueBy')}${gap}${durationIn(left, language)}`;
  const kindName = kind && kind in deadlineKindNames ? nameIn(deadlineKindNames, kind as DeadlineKind, language) : null;
  return (
    <Tooltip title={`${kindName ? `${kindName} · ` : ''}${formatTime(dueAt)}`}>
      <Typography.Text type={left < 0 ? 'danger' : left < 60_000 ? 'warning' : undefined} data-testid="countdown">
        {label}
      </Typography.Text>
    </Tooltip>
  );
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A case by the reference residents see on its notices (the same number in every message), linked to its page. */
export function CaseLink({ id }: { id: string }) {
  return (
    <Link to={`/cases/${encodeURIComponent(id)}`} data-testid="case-link" title={id}>
      {publicReference(id)}
    </Link>
  );
}
