import type { QuietHours } from './quiet-hours';

/** Channels a person can choose; the inbox always keeps a copy, so it is not among them. */
export const personChannels = ['email', 'sms'] as const;
export type PersonChannel = (typeof personChannels)[number];

/** Without a stored preference people get email besides the inbox. */
export const defaultChannels: readonly PersonChannel[] = ['email'];

export interface PersonPreference {
  personId: string;
  channels: PersonChannel[];
  email: string | null;
  phone: string | null;
  quietHours: QuietHours | null;
}

export function preferenceOf(
  row: {
    personId: string;
    channels: string;
    email: string | null;
    phone: string | null;
    quietStart: string | null;
    quietEnd: string | null;
  } | null,
): PersonPreference | null {
  if (!row) return null;
  return {
    personId: row.personId,
    channels: (JSON.parse(row.channels) as string[]).filter((c): c is PersonChannel =>
      (personChannels as readonly string[]).includes(c),
    ),
    email: row.email,
    phone: row.phone,
    quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
  };
}
