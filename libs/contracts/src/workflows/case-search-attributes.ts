import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
  type SearchAttributeUpdatePair,
  type TypedSearchAttributes,
} from '@temporalio/common';
import { describeCase, evolveAll, initialState, type CaseView } from '@bishan/domain';
import type { CaseWorkflowInput } from './case-workflow.contract';

/**
 * The case workflow's typed search attributes: what operators filter cases by in the Temporal UI and
 * with `temporal workflow list --query`. Every server the project starts registers these names with
 * these types (infra/engines/search-attributes.json; a spec keeps the two lists equal).
 *
 * Adding or redefining one changes which workflow steps upsert (a continued run, for one, would
 * upsert the new one at its start), so it goes behind a new patch, like any change of commands.
 */
export const caseSearchAttributeKeys = {
  CaseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  CaseTown: defineSearchAttributeKey('CaseTown', SearchAttributeType.KEYWORD),
  CaseHandlingDepartment: defineSearchAttributeKey('CaseHandlingDepartment', SearchAttributeType.KEYWORD),
  CaseEscalationLevel: defineSearchAttributeKey('CaseEscalationLevel', SearchAttributeType.INT),
  CaseOverdue: defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL),
  CaseConcentrated: defineSearchAttributeKey('CaseConcentrated', SearchAttributeType.BOOL),
  CasePolicyVersion: defineSearchAttributeKey('CasePolicyVersion', SearchAttributeType.KEYWORD),
  /** Who supervises the case after an escalation: town, supervisingDistrictLeader or topDistrictLeaders. */
  CaseSupervisionLevel: defineSearchAttributeKey('CaseSupervisionLevel', SearchAttributeType.KEYWORD),
} as const;

export type CaseSearchAttributeName = keyof typeof caseSearchAttributeKeys;

/**
 * The values a case shows: `CaseHandlingDepartment` only while a district department leads it,
 * `CaseSupervisionLevel` only while someone supervises it.
 */
export interface CaseSearchAttributeValues {
  readonly CaseStatus: string;
  readonly CaseTown: string;
  readonly CaseHandlingDepartment: string | null;
  readonly CaseEscalationLevel: number;
  readonly CaseOverdue: boolean;
  readonly CaseConcentrated: boolean;
  readonly CasePolicyVersion: string;
  readonly CaseSupervisionLevel: string | null;
}

export function caseSearchAttributeValues(view: CaseView): CaseSearchAttributeValues {
  return {
    CaseStatus: view.status,
    CaseTown: view.location.townId,
    CaseHandlingDepartment: view.handler?.level === 'district' ? view.handler.unitId : null,
    CaseEscalationLevel: view.escalationLevel,
    CaseOverdue: view.overdue,
    CaseConcentrated: view.concentrated,
    CasePolicyVersion: view.policyVersion,
    CaseSupervisionLevel: view.supervision?.level ?? null,
  };
}

const names = Object.keys(caseSearchAttributeKeys) as CaseSearchAttributeName[];

/** One attribute's update; a department no longer leading the case is removed (value null). */
function updateOf(name: CaseSearchAttributeName, values: CaseSearchAttributeValues): SearchAttributeUpdatePair {
  // Each key is paired with its own value's type; the union of pairs cannot say so per name.
  return { key: caseSearchAttributeKeys[name], value: values[name] } as SearchAttributeUpdatePair;
}

/** What a workflow shows now, per attribute (absent: not set). */
export type ShownCaseSearchAttributes = Partial<Record<CaseSearchAttributeName, string | number | boolean>>;

/** Reads the case attributes a run shows (`workflowInfo().typedSearchAttributes`). */
export function shownCaseSearchAttributes(shown: TypedSearchAttributes): ShownCaseSearchAttributes {
  const values: Partial<Record<CaseSearchAttributeName, string | number | boolean>> = {};
  for (const name of names) {
    const value = shown.get(caseSearchAttributeKeys[name]);
    if (value !== undefined) values[name] = value as string | number | boolean;
  }
  return values;
}

/**
 * The upserts that bring a workflow from what it shows (`shown`) to the values of `view`: only the
 * attributes that changed, a department no longer leading the case removed. Empty when nothing an
 * operator filters by changed, so most steps of a case add nothing to its history.
 */
export function caseSearchAttributeUpdates(
  shown: ShownCaseSearchAttributes,
  view: CaseView,
): { readonly shown: ShownCaseSearchAttributes; readonly updates: readonly SearchAttributeUpdatePair[] } {
  const values = caseSearchAttributeValues(view);
  const changed = names.filter((name) => (shown[name] ?? null) !== values[name]);
  const next: ShownCaseSearchAttributes = { ...shown };
  for (const name of changed) {
    const value = values[name];
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return { shown: next, updates: changed.map((name) => updateOf(name, values)) };
}

/**
 * The attributes a case's workflow starts with: those of the raise the starter recorded (the
 * workflow adopts it), so a case shows in searches from its first moment — one resolved on the spot
 * too, whose run ends in its first task without upserting anything. Empty for a start without a
 * recorded raise (the workflow upserts them once it decides the raise).
 */
export function caseSearchAttributesAtStart(input: CaseWorkflowInput): SearchAttributePair[] {
  const view = recordedView(input);
  if (!view) return [];
  // Nothing is shown before the start: every attribute with a value is an update from nothing.
  return caseSearchAttributeUpdates({}, view).updates as SearchAttributePair[];
}

/** The case as the starter's recorded raise leaves it; undefined when nothing was recorded. */
export function recordedView(input: Pick<CaseWorkflowInput, 'recorded'>): CaseView | undefined {
  const events = input.recorded?.events ?? [];
  if (events.length === 0) return undefined;
  const view = describeCase(evolveAll(initialState, [...events].sort((a, b) => a.seq - b.seq).map((e) => e.event)));
  return view.status === 'notRaised' ? undefined : view;
}

/** A visibility query string literal: quotes and backslashes escaped, whatever an id holds. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const running = `ExecutionStatus = 'Running'`;

/**
 * Ready-made visibility queries over the case attributes, for the ops page's links into the Temporal
 * UI and for `temporal workflow list --query`.
 */
export const caseSearchQueries = {
  /** Open cases whose deadline has passed, whoever handles them. */
  overdue: () => `CaseOverdue = true AND ${running}`,
  /** Open cases a department leads whose deadline has passed. */
  overdueInDepartment: (departmentId: string) =>
    `CaseOverdue = true AND CaseHandlingDepartment = ${literal(departmentId)} AND ${running}`,
  /** Open cases the top district leaders supervise. */
  escalatedToTopLeaders: () => `CaseSupervisionLevel = 'topDistrictLeaders' AND ${running}`,
  /** Cases still in the ledger, waiting for the town's triage, that started before `startedBefore`. */
  stuckInTriage: (startedBefore: Date) =>
    `CaseStatus = 'inLedger' AND StartTime < ${literal(startedBefore.toISOString())} AND ${running}`,
} as const;

/** A query narrowed to one deployment's workflows (its task queue), on a namespace others share. */
export function inTaskQueue(query: string, taskQueue: string): string {
  return `TaskQueue = ${literal(taskQueue)} AND ${query}`;
}
