import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import {
  decideLedgerItemUpdate,
  ledgerReviewWorkflowId,
  ledgerReviewWorkflowType,
  signLedgerReviewUpdate,
  rejectionOf,
  type LedgerReviewInput,
} from '@bishan/contracts';
import { LedgerReviewRepository, personName, type Database, type LedgerReviewLine, type LedgerReviewRow } from '@bishan/db';
import { reviewUnitsReadBy, type Actor, type ReviewUnit } from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException } from '@bishan/service-runtime';
import { fieldErrorCode, rejectionProblem, ruleRejectionFromMessage } from '../cases/case-problems';
import { OrganisationStore } from '../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import type { DecideItemBody, ReviewListQuery, StartReviewBody } from './ledger-review.schemas';

/** A review with its lines, names for ids, as the review page and the exports show it. */
export interface ReviewSheet {
  review: LedgerReviewRow & { unitName: string };
  lines: (LedgerReviewLine & { villageName: string })[];
}

/** 对账销号: reads from the review tables; starting, deciding and signing go to the review's workflow. */
@Injectable()
export class LedgerReviewsHandler {
  private readonly reviews: LedgerReviewRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisation: OrganisationStore,
  ) {
    this.reviews = new LedgerReviewRepository(db);
  }

  async list(actor: Actor, query: ReviewListQuery) {
    const rows = await this.reviews.list({ unitKeys: reviewUnitsReadBy(actor, this.organisation.current()), period: query.period }, query.limit);
    return { items: rows.map((row) => ({ ...row, unitName: this.unitName(row) })) };
  }

  async sheet(actor: Actor, id: string): Promise<ReviewSheet> {
    const review = await this.reviews.find(id);
    const readable = reviewUnitsReadBy(actor, this.organisation.current());
    if (!review || (readable !== 'all' && !readable.includes(review.unitKey))) throw reviewNotFound(id);
    const org = this.organisation.current();
    const lines = await this.reviews.linesOf(id);
    return {
      review: { ...review, unitName: this.unitName(review) },
      lines: lines.map((line) => ({ ...line, villageName: org.villages.find((v) => v.id === line.villageId)?.name ?? line.villageId })),
    };
  }

  /** Starts one unit's review of a month by hand (admin); the schedule starts every unit's on the 1st. */
  async start(body: StartReviewBody): Promise<{ reviewId: string }> {
    const { taskQueue } = this.config.temporal;
    const org = this.organisation.current();
    const known =
      body.unit.kind === 'town' ? org.towns.some((t) => t.id === (body.unit as { townId: string }).townId) : org.departments.some((d) => d.id === (body.unit as { departmentId: string }).departmentId);
    if (!known)
      throw new ProblemException({
        type: 'https://bishan.example/problems/unknown-place',
        title: 'not in the organisation',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: 'body.unit: no such town or department',
        errors: [{ field: 'body.unit', message: 'no such town or department', ...fieldErrorCode({ rule: 'unknown' }) }],
      });
    const reviewId = ledgerReviewWorkflowId(taskQueue, body.period, body.unit as ReviewUnit);
    const input: LedgerReviewInput = { period: body.period, unit: body.unit as ReviewUnit };
    try {
      await this.temporal.workflow.start(ledgerReviewWorkflowType, { workflowId: reviewId, taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new ProblemException({
          type: 'https://bishan.example/problems/conflict',
          title: 'review already started',
          status: HttpStatus.CONFLICT,
          detail: `the ${body.period} review of this unit was already started`,
        });
      throw error;
    }
    return { reviewId };
  }

  async decide(actor: Actor, id: string, caseId: string, body: DecideItemBody) {
    await this.sheet(actor, id);
    return this.update(id, () =>
      this.temporal.workflow.getHandle(id).executeUpdate(decideLedgerItemUpdate, {
        args: [{ caseId, decision: body.decision, actor, signature: body.signature, registeredName: personName(actor.id) }],
      }),
    );
  }

  async signOff(actor: Actor, id: string, signature: string) {
    await this.sheet(actor, id);
    return this.update(id, () =>
      this.temporal.workflow.getHandle(id).executeUpdate(signLedgerReviewUpdate, { args: [{ actor, signature, registeredName: personName(actor.id) }] }),
    );
  }

  /**
   * The workflow's refusals are `code: reason` with the domain's rejection as their detail (its field
   * and rule for the form); a finished review takes no more.
   */
  private async update<T>(id: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw ruleRejectionFromMessage('wrong-state: the review is closed');
      if (error instanceof WorkflowUpdateFailedError) {
        const rejection = rejectionOf(error.cause);
        throw rejection ? rejectionProblem(rejection) : ruleRejectionFromMessage(error.cause?.message ?? error.message);
      }
      throw error;
    }
  }

  private unitName(review: LedgerReviewRow): string {
    const org = this.organisation.current();
    return review.unitKind === 'town'
      ? (org.towns.find((t) => t.id === review.unitId)?.name ?? review.unitId)
      : (org.departments.find((d) => d.id === review.unitId)?.name ?? review.unitId);
  }
}

function reviewNotFound(id: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/not-found',
    title: 'review not found',
    status: HttpStatus.NOT_FOUND,
    detail: `no ledger review with id ${id} (a review appears once its sheet is made)`,
  });
}
