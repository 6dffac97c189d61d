import { useEffect, useState } from 'react';
import { apiRequest, queryString } from './client';

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
  /** A one-use ticket (30 s) for opening one event stream: EventSource sends no header, and a token never goes in a URL. */
  async streamTicket(signal?: AbortSignal): Promise<string> {
    return (await apiRequest<{ ticket: string }>('notification', '/notifications/stream-tickets', { method: 'POST', signal })).ticket;
  },
};

const POLL_MS = 5000;
/** After the stream drops (or the token behind it expired), a new ticket is asked for this much later. */
const STREAM_RETRY_MS = 30_000;

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
    let retry: ReturnType<typeof setTimeout> | undefined;
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

    const openStream = async () => {
      let ticket: string;
      try {
        ticket = await notificationsApi.streamTicket(controller.signal);
      } catch {
        // No ticket (the service is away, or the session ended): keep polling.
        return;
      }
      if (stopped) return;
      stream = new EventSource(`/api/notification/notifications/stream${queryString({ ticket })}`);
      stream.onopen = () => {
        if (stopped) return;
        streaming = true;
        setLive(true);
        if (timer) clearTimeout(timer);
        // Polling stops here, and the stream pushes only what comes from now on: read once more for
        // anything that arrived since the last read (an escalation notice in that gap stayed unseen).
        void refresh();
      };
      // Any pushed message means the inbox changed: read it again rather than merging by hand.
      stream.onmessage = () => void refresh();
      stream.addEventListener('notification', () => void refresh());
      stream.onerror = () => {
        // The stream dropped or ended with its token; a ticket opens one stream only, so EventSource
        // must not retry it: poll, and try a new ticket later.
        if (stopped) return;
        streaming = false;
        setLive(false);
        stream?.close();
        stream = undefined;
        if (timer) clearTimeout(timer);
        timer = setTimeout(poll, POLL_MS);
        retry = setTimeout(() => void openStream(), STREAM_RETRY_MS);
      };
    };

    void refresh();
    timer = setTimeout(poll, POLL_MS);
    if (typeof EventSource !== 'undefined') void openStream();
    return () => {
      stopped = true;
      controller.abort();
      stream?.close();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    };
  }, [recipient]);

  return { messages, live, error };
}
