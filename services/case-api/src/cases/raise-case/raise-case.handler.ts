import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import { caseWorkflowType, type CaseWorkflowInput } from '@bishan/contracts';
import {
  canRaiseCaseAt,
  checkRaisePlace,
  decide,
  initialState,
  latestPolicy,
  type Actor,
  type LikelyDuplicate,
  type RaiseCase,
} from '@bishan/domain';
import { isServiceUnavailable } from '@bishan/messaging';
import { APP_CONFIG, workflowStarts } from '@bishan/service-runtime';
import { MeetingsHandler } from '../../meetings/meetings.handler';
import { OrganisationStore } from '../../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../../temporal/temporal-client.provider';
import { placeRejection, ruleRejection, temporarilyUnavailable } from '../case-problems';
import { LikelyDuplicates } from '../likely-duplicates';
import { ResidentRaiseQuota } from './resident-raise-quota';
import type { RaiseCaseBody } from '../case-commands.schemas';

export interface RaisedCase {
  id: string;
  workflowId: string;
  status: string;
  /** Open cases of the same category and place with the same normalised text; the raise went ahead anyway. */
  likelyDuplicates: LikelyDuplicate[];
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
  ) {}

  /**
   * With an Idempotency-Key the case id is derived from it, so even a retry that outlives its stored
   * response starts nothing new: Temporal refuses a second workflow with the same id, running or not.
   */
  async execute(body: RaiseCaseBody, actor: Actor, idempotencyKey?: string): Promise<RaisedCase> {
    const caseId = idempotencyKey ? caseIdFromKey(idempotencyKey, actor.id) : randomUUID();
    const { policyVersion } = this.config.cases;
    // The version is pinned here, once: the workflow replays with what its input names.
    const raise: RaiseCase & { policyVersion: string } = {
      type: 'raiseCase',
      caseId,
      ...body,
      actor,
      policyVersion: policyVersion ?? latestPolicy().version,
    };
    // The places and the category must exist and hang together before anything else is looked at.
    const placeProblems = checkRaisePlace(body, this.organisation.places());
    if (placeProblems.length) throw placeRejection(placeProblems);
    await this.quota.check(actor);
    const now = new Date();
    // A case raised at a meeting must cite a real one that can still take it, within its place.
    if (body.meetingId) {
      const refusal = canRaiseCaseAt(await this.meetings.findForRaise(body.meetingId), now, body.location);
      if (refusal) throw ruleRejection(refusal.code, refusal.reason, refusal.field);
    }
    // The same rule the workflow applies first; checked here so a refused raise starts nothing.
    const decision = decide(initialState, raise, { now, directory: this.organisation.directory() });
    if (!decision.ok) throw ruleRejection(decision.code, decision.reason, decision.field);

    // Residents may repeat a report on purpose (more voices, a new detail): it is pointed out, not refused.
    const likelyDuplicates = await this.duplicates.of(
      {
        caseId,
        category: body.category,
        location: body.location,
        description: body.description,
        raisedAt: now,
      },
      actor,
    );
    const input: CaseWorkflowInput = { caseId, raise };
    try {
      await this.temporal.workflow.start(caseWorkflowType, {
        workflowId: caseId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        // A case id names one case for good: a retry after its workflow finished (a case resolved on
        // the spot closes at once) must not start a second run that records it over again.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      workflowStarts.inc();
    } catch (error) {
      if (isServiceUnavailable(error))
        throw temporarilyUnavailable('the case was not raised: the workflow service did not answer; retry it (an Idempotency-Key makes the retry safe)');
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const resolved = decision.events.some((e) => e.type === 'caseResolvedOnSpot');
    return { id: caseId, workflowId: caseId, status: resolved ? 'closed' : 'inLedger', likelyDuplicates };
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
