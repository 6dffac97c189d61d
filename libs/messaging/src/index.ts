export { createKafka, ensureTopics, pingKafka, routeKafkaLogs, type KafkaLogSink, type KafkaSettings, type TopicSettings } from './kafka';
export { EventPublisher, type OutgoingMessage } from './event-publisher';
export { PollingLoop, type PollingLoopOptions } from './polling-loop';
export { OutboxRelay, type OutboxRelayOptions, type OutboxRow, type OutboxStore, type Publisher } from './outbox-relay';
export { EventConsumer, type EventConsumerOptions, type Parsed } from './event-consumer';
export { isServiceUnavailable, isTransientError } from './transient-error';
export { deadLetterId, readDeadLetters, replayDeadLetters, type DeadLetter } from './dead-letters';
export { consumerGroupLag, topicBacklog, type ConsumerLag } from './consumer-lag';
export { traceContextOfHeaders, traceHeadersOf, withConsumerSpans } from './trace-context';
