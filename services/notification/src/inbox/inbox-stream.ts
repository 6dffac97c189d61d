import { Injectable } from '@nestjs/common';
import { Subject, filter, type Observable } from 'rxjs';
import type { InboxMessage } from '../case-events/notify-on-case-event.handler';

/** New inbox messages of this process, for the live streams of the people they are for. */
@Injectable()
export class InboxStream {
  private readonly messages = new Subject<InboxMessage>();

  publish(messages: readonly InboxMessage[]): void {
    for (const message of messages) this.messages.next(message);
  }

  of(recipient: string): Observable<InboxMessage> {
    return this.messages.pipe(filter((message) => message.recipient === recipient));
  }
}
