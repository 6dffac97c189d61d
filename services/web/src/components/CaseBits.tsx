import { Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useNow } from '../api/hooks';
import { useI18n } from '../i18n';

const statusColors: Record<string, string> = {
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
    <Tag color={statusColors[status] ?? 'default'} data-status={status}>
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

export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

/** A live countdown to a deadline; red once it has passed. */
export function Countdown({ dueAt, kind }: { dueAt: string | null | undefined; kind?: string | null }) {
  const now = useNow();
  const { t } = useI18n();
  if (!dueAt) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = Date.parse(dueAt) - now;
  const label = left >= 0 ? `${t('remaining')} ${formatDuration(left)}` : `${t('overdueBy')} ${formatDuration(left)}`;
  return (
    <Tooltip title={`${kind ? `${kind} · ` : ''}${formatTime(dueAt)}`}>
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

export function CaseLink({ id }: { id: string }) {
  return (
    <Link to={`/cases/${encodeURIComponent(id)}`} data-testid="case-link">
      {id.length > 14 ? `${id.slice(0, 12)}…` : id}
    </Link>
  );
}
