import type { Actor, Meeting } from '@bishan/domain';
import { z } from 'zod';
import { meetingAttendanceRecordedV1 } from './v1/meeting-attendance-recorded.v1';
import { meetingClosedV1 } from './v1/meeting-closed.v1';
import { meetingOpenedV1 } from './v1/meeting-opened.v1';

/**
 * Meeting events share the case topic (a case raised at a meeting and the meeting itself are read
 * together), keyed by the meeting id. Their envelope names the meeting where a case event names the case.
 */
export const meetingEventEnvelopeSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    type: z.string().startsWith('meeting.').max(100),
    version: z.number().int().positive(),
    meetingId: z.string().min(1).max(100),
    occurredAt: z.string().datetime({ offset: true }),
    payload: z.unknown(),
  })
  .strict();

export type MeetingEventEnvelope = z.infer<typeof meetingEventEnvelopeSchema>;

/** Version 1 of every meeting event. */
export const meetingEventsV1 = {
  meetingOpened: meetingOpenedV1,
  meetingAttendanceRecorded: meetingAttendanceRecordedV1,
  meetingClosed: meetingClosedV1,
} as const;

type Definition = (typeof meetingEventsV1)[keyof typeof meetingEventsV1];

export type MeetingEventDefinition = Definition;

/** Every meeting event definition we publish or still accept. */
export const meetingEventDefinitions: readonly Definition[] = Object.values(meetingEventsV1);

export type MeetingEvent = {
  [D in Definition as `${D['type']}@${D['version']}`]: Omit<
    MeetingEventEnvelope,
    'type' | 'version' | 'payload'
  > & {
    type: D['type'];
    version: D['version'];
    payload: z.infer<D['payload']>;
  };
}[`${Definition['type']}@${Definition['version']}`];

export type MeetingEventType = MeetingEvent['type'];

export type MeetingParseResult = { ok: true; event: MeetingEvent } | { ok: false; error: string };

/** Validates a meeting event as it arrives from the broker: envelope first, then the versioned payload. */
export function parseMeetingEvent(raw: unknown): MeetingParseResult {
  const envelope = meetingEventEnvelopeSchema.safeParse(raw);
  if (!envelope.success)
    return { ok: false, error: `invalid meeting envelope: ${formatIssues(envelope.error)}` };
  const { type, version } = envelope.data;
  const definition = meetingEventDefinitions.find((d) => d.type === type && d.version === version);
  if (!definition) return { ok: false, error: `unknown event ${type}@${version}` };
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success)
    return { ok: false, error: `invalid ${type}@${version} payload: ${formatIssues(payload.error)}` };
  return { ok: true, event: { ...envelope.data, payload: payload.data } as MeetingEvent };
}

/** Builds an envelope for publishing, validating the payload against its schema on the way out. */
export function createMeetingEvent<D extends Definition>(
  definition: D,
  fields: { eventId: string; meetingId: string; occurredAt: string; payload: z.input<D['payload']> },
): MeetingEventEnvelope {
  return {
    eventId: fields.eventId,
    type: definition.type,
    version: definition.version,
    meetingId: fields.meetingId,
    occurredAt: fields.occurredAt,
    payload: definition.payload.parse(fields.payload),
  };
}

/**
 * Opening and closing happen once per meeting (the repository refuses a second close), so their
 * ids follow from the meeting; attendance may be corrected, so each recording brings its own id.
 */
export const meetingEventIds = {
  opened: (meetingId: string) => `meeting:${meetingId}/opened`,
  attendanceRecorded: (meetingId: string, recordingId: string) =>
    `meeting:${meetingId}/attendance/${recordingId}`,
  closed: (meetingId: string) => `meeting:${meetingId}/closed`,
} as const;

/** The event telling that `openMeeting` accepted this meeting. */
export function meetingOpenedEventOf(meeting: Meeting, actor: Actor): MeetingEventEnvelope {
  return createMeetingEvent(meetingOpenedV1, {
    eventId: meetingEventIds.opened(meeting.id),
    meetingId: meeting.id,
    occurredAt: meeting.openedAt,
    payload: {
      at: meeting.openedAt,
      actor,
      level: meeting.level,
      convener: meeting.convener,
      scheduledAt: meeting.scheduledAt,
      ...(meeting.place ? { place: meeting.place } : {}),
      mode: meeting.mode,
      invitedHouseholds: meeting.invitedHouseholds,
      topics: meeting.topics,
    },
  });
}

/** The event telling that `recordAttendance` accepted the meeting's attendance at `at`. */
export function meetingAttendanceRecordedEventOf(
  meeting: Meeting,
  actor: Actor,
  at: string,
  recordingId: string,
): MeetingEventEnvelope {
  if (!meeting.attendance) throw new Error(`meeting '${meeting.id}' has no attendance to tell`);
  return createMeetingEvent(meetingAttendanceRecordedV1, {
    eventId: meetingEventIds.attendanceRecorded(meeting.id, recordingId),
    meetingId: meeting.id,
    occurredAt: at,
    payload: { at, actor, ...meeting.attendance },
  });
}

/** The event telling that `closeMeeting` closed the meeting, with all of its figures. */
export function meetingClosedEventOf(meeting: Meeting, actor: Actor): MeetingEventEnvelope {
  if (meeting.status !== 'closed' || !meeting.result || !meeting.closedAt) {
    throw new Error(`meeting '${meeting.id}' is not closed: nothing to tell`);
  }
  return createMeetingEvent(meetingClosedV1, {
    eventId: meetingEventIds.closed(meeting.id),
    meetingId: meeting.id,
    occurredAt: meeting.closedAt,
    payload: {
      at: meeting.closedAt,
      actor,
      level: meeting.level,
      convener: meeting.convener,
      ...(meeting.place ? { place: meeting.place } : {}),
      mode: meeting.mode,
      invitedHouseholds: meeting.invitedHouseholds,
      ...(meeting.attendance ? { attendance: meeting.attendance } : {}),
      result: meeting.result,
    },
  });
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
