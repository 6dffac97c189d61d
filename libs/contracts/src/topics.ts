/** Topic names carry their owner and the envelope version; consumers subscribe by these constants. */
export const topics = {
  caseEvents: 'case.events.v1',
  caseEventsDeadLetter: 'case.events.v1.dead-letter',
} as const;
