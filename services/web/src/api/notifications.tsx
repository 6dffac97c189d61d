import { useEffect, useState } from 'react';
import { apiRequest, currentAccessToken, queryString } from './client';

export interface InboxMessage {
  id: string;
  eventId: string;
  caseId: string;
  recipient: string;
  kind?: string;
  urgent?: boolean;
  subject?: string;
  body: string;
  createdAt: string;
  readAt?: string | null;
}

export const notificationsApi = {
  /** The signed-in person's inbox (GET /notifications/me: the token says whose). */
  async mine(signal?: AbortSignal): Promise<InboxMessage[]> {
    const page = await apiRequest<{ items: InboxMessage[] }>('notification', `/notifications/me${queryString({ pageSize: 100 })}`, {
      signal,
    });
    return page.items;
  },
};

const POLL_MS = 5000;

/**
 * The reader's inbox, kept current: from the notification service's server-sent event stream when
 * it has one, else by polling. `live` says which one is in use.
 */
export function useInbox(recipient: string): { messages: InboxMessage[]; live: boolean; error: string | null } {
  const [messages, setMessages] = useState<InboxMessage[]>([]);
  const [live, setLive] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stream: EventSource | undefined;
    let streaming = false;
    const controller = new AbortController();

    const refresh = async () => {
      try {
        const list = await notificationsApi.mine(controller.signal);
        if (!stopped) {
          setMessages(list);
          setError(null);
        }
      } catch (failure) {
        if (!stopped && !controller.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      }
    };
    const poll = () => {
      if (stopped) return;
      void refresh().finally(() => {
        if (!stopped && !streaming) timer = setTimeout(poll, POLL_MS);
      });
    };

    void refresh();
    const token = currentAccessToken();
    if (typeof EventSource !== 'undefined' && token) {
      stream = new EventSource(`/api/notification/notifications/stream${queryString({ access_token: token })}`);
      stream.onopen = () => {
        if (stopped) return;
        streaming = true;
        setLive(true);
        if (timer) clearTimeout(timer);
      };
      // Any pushed message means the inbox changed: read it again rather than merging by hand.
      stream.onmessage = () => void refresh();
      stream.addEventListener('notification', () => void refresh());
      stream.onerror = () => {
        // No stream (yet) or it dropped: fall back to polling until it comes back.
        if (stopped) return;
        streaming = false;
        setLive(false);
        stream?.close();
        stream = undefined;
        if (timer) clearTimeout(timer);
        timer = setTimeout(poll, POLL_MS);
      };
    } else {
      timer = setTimeout(poll, POLL_MS);
    }
    return () => {
      stopped = true;
      controller.abort();
      stream?.close();
      if (timer) clearTimeout(timer);
    };
  }, [recipient]);

  return { messages, live, error };
}
