import type { Names } from './case-labels';

/** Temporal's execution statuses, as the case API's ops overview counts them (ops-overview.handler.ts). */
export type WorkflowExecutionStatus = 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'TimedOut' | 'ContinuedAsNew';

/** Temporal's execution statuses as the ops page names them: a status added to the list needs its names. */
export const workflowStatusNames: Names<WorkflowExecutionStatus> = {
  Running: ['运行中', 'Running'],
  Completed: ['已完成', 'Completed'],
  Failed: ['已失败', 'Failed'],
  Canceled: ['已取消', 'Canceled'],
  Terminated: ['已终止', 'Terminated'],
  TimedOut: ['已超时', 'Timed out'],
  ContinuedAsNew: ['已续新运行', 'Continued as new'],
};

/** Why the broker refuses a message, as far as an operator can act on it. */
export type BrokerRefusal = 'messageTooLarge' | 'notAuthorised' | 'unknownTopic' | 'invalidMessage' | 'other';

export const brokerRefusalNames: Names<BrokerRefusal> = {
  messageTooLarge: ['消息超过消息队列允许的大小', 'The message is larger than the broker accepts'],
  notAuthorised: ['无权向该主题写入', 'Not allowed to write to the topic'],
  unknownTopic: ['消息队列上没有该主题', 'The broker does not have the topic'],
  invalidMessage: ['消息队列认定该消息无效', 'The broker finds the message invalid'],
  other: ['消息队列拒收(原文见提示)', 'Refused by the broker (original text on hover)'],
};

// The broker's own words (kafkajs's messages for its error codes) for the refusals named above.
const refusalWording: readonly (readonly [RegExp, BrokerRefusal])[] = [
  [/larger than the max message size/i, 'messageTooLarge'],
  [/not authorized/i, 'notAuthorised'],
  [/does not host this topic-partition|unknown topic/i, 'unknownTopic'],
  [/corrupt|failed the validation|invalid record/i, 'invalidMessage'],
];

/** The refusal a stored error text reports; 'other' for anything else (shown with the text itself on hover). */
export function brokerRefusalOf(error: string): BrokerRefusal {
  return refusalWording.find(([wording]) => wording.test(error))?.[1] ?? 'other';
}
