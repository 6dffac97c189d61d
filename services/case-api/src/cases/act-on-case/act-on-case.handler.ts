import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { caseActionUpdates, caseSnapshotQuery, rejectionOf, type CaseSnapshot } from '@bishan/contracts';
import { PendingCaseStartRepository, type Database } from '@bishan/db';
import { checkRoleFor, type Actor, type CaseCommand } from '@bishan/domain';
import { isServiceUnavailable } from '@bishan/messaging';
import { DATABASE } from '@bishan/service-runtime';
import { TEMPORAL_CLIENT } from '../../temporal/temporal-client.provider';
import { caseNotFound, rejectionProblem, ruleRejection, ruleRejectionFromMessage, temporarilyUnavailable } from '../case-problems';
import type { CaseActionName } from '../case-commands.schemas';
import { VisibleCases } from '../visible-cases';

/** Sends an action to the case's workflow as an update; the validator's refusal reaches the caller. */
@Injectable()
export class ActOnCaseHandler {
  private readonly pending: PendingCaseStartRepository;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly visible: VisibleCases,
    @Inject(DATABASE) db: Database,
  ) {
    this.pending = new PendingCaseStartRepository(db);
  }

  /**
   * The actor comes from the verified token. A role that may never send this action is refused here,
   * by the check `availableActions` makes first; the rest (the case's state, the actor's place in it,
   * what the body says) the rules of the update decide on the case as it is when the action arrives —
   * the read model may be a moment behind.
   */
  async execute(caseId: string, action: CaseActionName, body: object, actor: Actor): Promise<CaseSnapshot> {
    await this.visible.refuseIfHidden(caseId, actor, () => this.decidedSeq(caseId));
    const forbidden = checkRoleFor(action, actor);
    if (forbidden) throw ruleRejection(forbidden.code, forbidden.reason);
    // Every action update takes one command and answers the snapshot; the body was validated for this action.
    const update = caseActionUpdates[action] as UpdateDefinition<CaseSnapshot, [CaseCommand]>;
    try {
      return await this.temporal.workflow
        .getHandle(caseId)
        .executeUpdate(update, { args: [{ type: action, ...body, actor } as CaseCommand] });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        // Recorded while Temporal was away: the case exists and its workflow starts by itself soon.
        if (await this.pending.isPending(caseId)) {
          throw temporarilyUnavailable(`case ${caseId} is recorded but its workflow has not started yet (it starts by itself once Temporal answers); retry shortly`);
        }
        throw caseNotFound(caseId);
      }
      if (error instanceof WorkflowUpdateFailedError) {
        // The rules' refusal with its field and rule; a run from before it carried one, by its message.
        const rejection = rejectionOf(error.cause);
        throw rejection ? rejectionProblem(rejection) : ruleRejectionFromMessage(error.cause?.message ?? error.message);
      }
      if (isClosedWorkflow(error)) throw ruleRejectionFromMessage(`wrong-state: case ${caseId} is closed`);
      if (isWorkflowServiceUnavailable(error)) {
        throw temporarilyUnavailable(`case ${caseId}: the action was not taken in time (no worker answered); retry it`);
      }
      throw error;
    }
  }

  /** The last event the case's workflow has decided (0 when there is no such workflow). */
  private async decidedSeq(caseId: string): Promise<number> {
    try {
      return (await this.temporal.workflow.getHandle(caseId).query(caseSnapshotQuery)).eventSeq;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 0;
      throw error;
    }
  }
}

function isClosedWorkflow(error: unknown): boolean {
  return error instanceof Error && /workflow execution already completed/i.test(error.message);
}

/**
 * The update got no answer: no worker took it before the call's deadline, or the workflow service
 * is unreachable or overloaded. The caller may retry; whether a late worker applied it meanwhile is
 * what reading the case tells (the loop driver does exactly that).
 */
function isWorkflowServiceUnavailable(error: unknown): boolean {
  return error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isServiceUnavailable(error);
}
