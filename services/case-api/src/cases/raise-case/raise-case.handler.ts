import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import type { CaseWorkflowInput } from '@bishan/contracts';
import {
  canRaiseCaseAt,
  checkRaisePlace,
  decide,
  describeCase,
  evolveAll,
  initialState,
  type Actor,
  type CaseView,
  type LikelyDuplicate,
  type RaiseCase,
} from '@bishan/domain';
import { isServiceUnavailable } from '@bishan/messaging';
import { APP_CONFIG, describeError, startCaseWorkflow, workflowStarts } from '@bishan/service-runtime';
import { MeetingsHandler } from '../../meetings/meetings.handler';
import { OrganisationStore } from '../../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../../temporal/temporal-client.provider';
import { placeRejection, rejectionProblem } from '../case-problems';
import { LikelyDuplicates } from '../likely-duplicates';
import { CaseRaiseStore } from './case-raise-store';
import { ResidentRaiseQuota } from './resident-raise-quota';
import type { RaiseCaseBody } from '../case-commands.schemas';

export interface RaisedCase {
  id: string;
  workflowId: string;
  status: string;
  /** Recorded, but its workflow could not be started yet (Temporal unavailable): it starts by itself. */
  startPending: boolean;
  /**
   * Open cases of the same category and place with the same normalised text, the earliest
   * `likelyDuplicatesNamed` of them; the raise went ahead anyway.
   */
  likelyDuplicates: LikelyDuplicate[];
  /** How many such cases there are in all (more than are named in a flood of one report). */
  likelyDuplicateCount: number;
}

@Injectable()
export class RaiseCaseHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly organisation: OrganisationStore,
    private readonly meetings: MeetingsHandler,
    private readonly duplicates: LikelyDuplicates,
    private readonly quota: ResidentRaiseQuota,
    private readonly store: CaseRaiseStore,
  ) {}

  private readonly logger = new Logger('raise');

  /**
   * With an Idempotency-Key the case id is derived from it, so even a retry that outlives its stored
   * response starts nothing new: Temporal refuses a second workflow with the same id, running or not.
   */
  async execute(body: RaiseCaseBody, actor: Actor, idempotencyKey?: string): Promise<RaisedCase> {
    const caseId = idempotencyKey ? caseIdFromKey(idempotencyKey, actor.id) : randomUUID();
    // The policy is pinned here, once: the workflow runs under the one its input carries.
    const policy = await this.store.policyInForce(this.config.cases.policyVersion);
    const raise: RaiseCase & { policyVersion: string } = {
      type: 'raiseCase',
      caseId,
      ...body,
      actor,
      policyVersion: policy.version,
    };
    // The places and the category must exist and hang together before anything else is looked at.
    const placeProblems = checkRaisePlace(body, this.organisation.places());
    if (placeProblems.length) throw placeRejection(placeProblems);
    await this.quota.check(actor);
    const now = new Date();
    // A case raised at a meeting must cite a real one that can still take it, within its place.
    if (body.meetingId) {
      const refusal = canRaiseCaseAt(await this.meetings.findForRaise(body.meetingId), now, body.location);
      if (refusal) throw rejectionProblem(refusal);
    }
    // The rule the workflow would apply first, decided here: a refused raise records nothing, and an
    // accepted one is recorded before its workflow starts, which adopts the decision.
    const decision = decide(initialState, raise, {
      now,
      directory: this.organisation.directory(),
      calendar: await this.store.calendar(),
      policies: [policy],
    });
    if (!decision.ok) throw rejectionProblem(decision);

    // Residents may repeat a report on purpose (more voices, a new detail): it is pointed out, not refused.
    const duplicates = await this.duplicates.of(
      {
        caseId,
        category: body.category,
        location: body.location,
        description: body.description,
        raisedAt: now,
      },
      actor,
    );
    const events = decision.events.map((event, i) => ({ seq: i + 1, event }));
    const view = describeCase(evolveAll(initialState, decision.events)) as CaseView;
    const input: CaseWorkflowInput = { caseId, raise, policy, recorded: { events } };
    // Read model, timeline, outbox and the start-pending mark in one transaction: from here the case
    // exists, whatever becomes of the start (the worker's sweeper starts any the API could not).
    const stored = await this.store.record(caseId, events, view, JSON.stringify(input), now);
    const startPending =
      stored.input === null ? false : !(await this.start(JSON.parse(stored.input) as CaseWorkflowInput));
    const status = stored.fresh ? view.status : ((await this.store.statusOf(caseId)) ?? view.status);
    return {
      id: caseId,
      workflowId: caseId,
      status,
      startPending,
      likelyDuplicates: duplicates.named,
      likelyDuplicateCount: duplicates.total,
    };
  }

  /**
   * Starts the case's workflow and clears its mark; true when it runs. The case is recorded whatever
   * happens here, so no failure turns the raise into an error: with Temporal unavailable (or failing
   * in a way not recognised) the mark stays and the raise still succeeds — the case waits to start,
   * and the sweeper starts it, logging what went wrong each time it tries.
   */
  private async start(input: CaseWorkflowInput): Promise<boolean> {
    try {
      if (await startCaseWorkflow(this.temporal, this.config.temporal.taskQueue, input)) workflowStarts.inc();
    } catch (error) {
      const unavailable = isServiceUnavailable(error);
      const cause = describeError(error, { stack: false });
      const message = `case ${input.caseId} recorded; its workflow will start ${unavailable ? 'when Temporal answers' : 'by the sweeper'}: ${cause}`;
      if (unavailable) this.logger.warn(message);
      else this.logger.error(message);
      await this.store.startFailed(input.caseId, cause).catch((markError: unknown) => {
        this.logger.warn(
          `case ${input.caseId}: could not note the failed start on its mark (${String(markError)})`,
        );
      });
      return false;
    }
    // The workflow runs. Should its mark outlive this, the sweeper finds it started and clears it.
    await this.store.started(input.caseId).catch((markError: unknown) => {
      this.logger.warn(
        `case ${input.caseId} started; its start-pending mark is left for the sweeper (${String(markError)})`,
      );
    });
    return true;
  }
}

/**
 * A UUID-shaped id from a hash of the caller and the key (RFC 9562 version 8: custom). The caller is
 * part of it, as of the idempotency record's scope: two people's keys never name the same case.
 */
export function caseIdFromKey(key: string, callerId: string): string {
  const hex = createHash('sha256').update(`case:${callerId}:${key}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
