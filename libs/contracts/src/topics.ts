/** Topic names carry their owner and the envelope version; consumers subscribe by these constants. */
export const topics = {
  caseEvents: 'case.events.v1',
  caseEventsDeadLetter: 'case.events.v1.dead-letter',
} as const;

export type Topics = { readonly [name in keyof typeof topics]: string };

/**
 * The names on the broker for one deployment. Deployments that share a broker (a staging stack
 * beside production, each end-to-end suite) set KAFKA_TOPIC_PREFIX so that none of them reads
 * another's events; outbox rows keep the unprefixed name, the relay adds the prefix on publish.
 */
export function topicsWithPrefix(prefix: string): Topics {
  return {
    caseEvents: `${prefix}${topics.caseEvents}`,
    caseEventsDeadLetter: `${prefix}${topics.caseEventsDeadLetter}`,
  };
}
