import { Card, List, Space, Tag, Typography } from 'antd';
import type { PublicNoticeKind } from '@bishan/domain';
import { useLoader } from '../api/hooks';
import { publicNoticesApi } from '../api/public-notices';
import { formatTime } from './CaseBits';
import { type MessageKey, useI18n } from '../i18n';

const kindNames: Record<PublicNoticeKind, MessageKey> = { triage: 'noticeTriage', plan: 'noticePlan', result: 'noticeResult', update: 'noticeUpdate' };
const kindColours: Record<PublicNoticeKind, string> = { triage: 'blue', plan: 'gold', result: 'green', update: 'orange' };

/** The village's public notices, newest first: what the residents' group was told. Plain text, shown as text. */
export function PublicNotices({ villageId }: { villageId?: string }) {
  const { t } = useI18n();
  const notices = useLoader((signal) => publicNoticesApi.list({ villageId }, signal), [villageId], 10_000);
  return (
    <Card size="small" title={t('publicNotices')}>
      <List
        data-testid="public-notices"
        loading={notices.loading && !notices.data}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: notices.error ? notices.error.message : t('noData') }}
        renderItem={(notice) => (
          <List.Item key={notice.id} data-testid="public-notice" data-kind={notice.kind}>
            <Space direction="vertical" size={0}>
              <Space wrap>
                <Tag color={kindColours[notice.kind]}>{t(kindNames[notice.kind])}</Tag>
                <Typography.Text type="secondary">{formatTime(notice.publishedAt)}</Typography.Text>
              </Space>
              <Typography.Text>{notice.text}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
