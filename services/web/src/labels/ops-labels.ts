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
