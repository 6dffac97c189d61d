import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';

/** What a person's preferences are stored as: channels as JSON, quiet hours as two wall-clock times. */
export interface StoredPreference {
  channels: string;
  email: string | null;
  phone: string | null;
  quietStart: string | null;
  quietEnd: string | null;
}

/** Each person's channels, addresses and quiet hours, one row a person. */
@Injectable()
export class PreferencesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  find(personId: string) {
    return this.db.notificationPreference.findUnique({ where: { personId } });
  }

  /** Replaces the person's preferences (the row is made on first save). */
  save(personId: string, preference: StoredPreference, at: Date) {
    const data = { ...preference, updatedAt: at };
    return this.db.notificationPreference.upsert({ where: { personId }, create: { personId, ...data }, update: data });
  }
}
