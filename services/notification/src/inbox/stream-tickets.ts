import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';

/** How long a ticket may wait to be spent: long enough to open the stream, too short to matter in a log. */
export const STREAM_TICKET_TTL_MS = 30_000;

export interface SpentTicket {
  actor: Actor;
  /** When the token that asked for the ticket expires: the stream closes then. */
  tokenExpiresAt: Date;
}

const digest = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/**
 * One-use tickets for the inbox event stream. EventSource cannot send an Authorization header, and
 * an access token in the stream's URL ends up in access logs and histories: the browser asks for a
 * ticket with its token (POST), then opens `?ticket=`. Tickets live in the database, so the POST and
 * the stream may reach different instances; only the ticket's SHA-256 is stored.
 */
export class StreamTickets {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(actor: Actor, tokenExpiresAt: Date): Promise<{ ticket: string; expiresAt: Date }> {
    const now = this.now();
    // Expired tickets are dropped as new ones are made: the table holds seconds' worth of rows.
    await this.db.notificationStreamTicket.deleteMany({ where: { expiresAt: { lte: now } } });
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Math.min(now.getTime() + STREAM_TICKET_TTL_MS, tokenExpiresAt.getTime()));
    await this.db.notificationStreamTicket.create({
      data: { id: digest(ticket), actor: JSON.stringify(actor), expiresAt, tokenExpiresAt },
    });
    return { ticket, expiresAt };
  }

  /** The ticket's actor, once: a second spend, an unknown or an expired ticket answers null. */
  async spend(ticket: string): Promise<SpentTicket | null> {
    const id = digest(ticket);
    const row = await this.db.notificationStreamTicket.findUnique({ where: { id } });
    if (!row) return null;
    // Whoever deletes the row spends it; a concurrent second spend deletes nothing.
    const { count } = await this.db.notificationStreamTicket.deleteMany({ where: { id } });
    const now = this.now();
    if (count !== 1 || row.expiresAt <= now || row.tokenExpiresAt <= now) return null;
    return { actor: JSON.parse(row.actor) as Actor, tokenExpiresAt: row.tokenExpiresAt };
  }
}
