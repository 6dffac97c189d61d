import type { PublicNoticeKind } from '@bishan/domain';
import { apiRequest, queryString } from './client';

/** A public notice (结果公开) as the notification service answers it. */
export interface PublicNoticeRecord {
  id: string;
  caseId: string;
  reference: string;
  townId: string;
  villageId: string;
  kind: PublicNoticeKind;
  title: string;
  text: string;
  publishedAt: string;
}

export const publicNoticesApi = {
  list: (filter: { villageId?: string; caseId?: string }, signal?: AbortSignal) =>
    apiRequest<{ items: PublicNoticeRecord[] }>('notification', `/public-notices${queryString({ limit: 50, ...filter })}`, { signal }),
};
