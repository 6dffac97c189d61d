import { z } from 'zod';
import { meetingLevels, meetingModes, meetingTopics } from '@bishan/domain';

const id = z.string().trim().min(1).max(100);
const count = z.number().int().min(0).max(1_000_000);

// Shapes only; who may convene where, and the consistency of the figures, are the domain's rules.
export const openMeetingBody = z
  .object({
    level: z.enum(meetingLevels),
    scheduledAt: z.string().datetime({ offset: true }),
    place: z.object({ townId: id, villageId: id.optional(), courtyardId: id.optional() }).strict().optional(),
    mode: z.enum(meetingModes),
    invitedHouseholds: count,
    topics: z.array(z.enum(meetingTopics)).max(meetingTopics.length).default([]),
  })
  .strict();

export const attendanceBody = z.object({ householdsAtHome: count, attendees: count }).strict();
export const closeMeetingBody = z.object({ issuesRaised: count, resolvedOnSpot: count }).strict();

export const meetingListQuery = z
  .object({
    level: z.enum(meetingLevels).optional(),
    townId: id.optional(),
    villageId: id.optional(),
    status: z.enum(['open', 'closed']).optional(),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export type OpenMeetingBody = z.infer<typeof openMeetingBody>;
export type AttendanceBody = z.infer<typeof attendanceBody>;
export type CloseMeetingBody = z.infer<typeof closeMeetingBody>;
export type MeetingListQuery = z.infer<typeof meetingListQuery>;
