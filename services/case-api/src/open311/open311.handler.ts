import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { CaseLedgerRepository, CaseRepository, type CaseVisibility, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE, ProblemException } from '@bishan/service-runtime';
import { RaiseCaseHandler, type RaisedCase } from '../cases/raise-case/raise-case.handler';
import { VisibleCases } from '../cases/visible-cases';
import { OrganisationStore } from '../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import { Open311Exception } from './open311-error.filter';
import { open311Services, resolvePlace, serviceRequestOf } from './open311-mapping';
import { awaitReadModel } from './open311-read-back';
import type { CreateServiceRequestBody, ListServiceRequestsQuery } from './open311.schemas';

/** GeoReport v2 says a list without dates covers the last 90 days, and at most 1,000 requests. */
const DEFAULT_LIST_DAYS = 90;
const MAX_LIST = 1000;

/** Open311 GeoReport v2 over the case loop: services are categories, service requests are cases. */
@Injectable()
export class Open311Handler {
  private readonly ledger: CaseLedgerRepository;
  private readonly cases: CaseRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly organisation: OrganisationStore,
    private readonly visible: VisibleCases,
    private readonly raiseCase: RaiseCaseHandler,
  ) {
    this.ledger = new CaseLedgerRepository(db);
    this.cases = new CaseRepository(db);
  }

  services() {
    return open311Services(this.organisation.categories(), this.organisation.current());
  }

  service(code: string) {
    if (!this.organisation.categories().includes(code))
      throw new Open311Exception(HttpStatus.NOT_FOUND, `service_code '${code}' is not a service`);
    return { service_code: code, attributes: [] };
  }

  /**
   * Raises the case through the same handler as POST /cases: the same rules, the same workflow
   * start, the same idempotency. A 311 request comes in online, from the requester as its reporter.
   */
  async create(body: CreateServiceRequestBody, actor: Actor, idempotencyKey?: string) {
    // Unknown or unplaceable: 422 naming the field, as POST /cases answers (its place check follows too).
    if (!this.organisation.categories().includes(body.service_code))
      throw unprocessable('service_code', `'${body.service_code}' is not a service (see services.json)`);
    const place = resolvePlace(body, this.organisation.current(), actor);
    // The description starts with the hint it is about (address_id, address_string, lat/long).
    if (!place.ok) throw unprocessable(null, place.description);
    const raised = await this.raiseCase.execute(
      {
        category: body.service_code,
        description: body.description,
        complexity: 'general',
        channel: 'onlineGroup',
        location: place.place,
        reporterIds: [actor.id],
        ...(body.media_url ? { attachmentRefs: [body.media_url] } : {}),
      },
      actor,
      idempotencyKey,
    );
    return [
      {
        service_request_id: raised.id,
        service_notice: duplicateNotice(raised),
        account_id: null,
      },
    ];
  }

  async list(query: ListServiceRequestsQuery, actor: Actor) {
    const byIds = query.service_request_id !== undefined;
    const undated = !query.start_date && !query.end_date;
    const rows = await this.ledger.newest(
      {
        visibleTo: this.visible.visibilityFor(actor),
        ids: query.service_request_id,
        category: query.service_code,
        open: query.status?.length === 1 ? query.status[0] === 'open' : undefined,
        raisedFrom: query.start_date
          ? new Date(query.start_date)
          : undated && !byIds
            ? new Date(Date.now() - DEFAULT_LIST_DAYS * 86_400_000)
            : undefined,
        raisedTo: query.end_date ? new Date(query.end_date) : undefined,
      },
      MAX_LIST,
    );
    return rows.map((row) => serviceRequestOf(row, this.organisation.current()));
  }

  async get(id: string, actor: Actor) {
    const visibleTo = this.visible.visibilityFor(actor);
    const row = (await this.visibleRow(id, visibleTo)) ?? (await this.readBack(id, visibleTo));
    // Out of scope reads as unknown, as on GET /cases/:id.
    if (!row) throw new Open311Exception(HttpStatus.NOT_FOUND, `service request '${id}' not found`);
    return [serviceRequestOf(row, this.organisation.current())];
  }

  private async visibleRow(id: string, visibleTo: CaseVisibility) {
    const [row] = await this.ledger.newest({ visibleTo, ids: [id] }, 1);
    return row;
  }

  /**
   * A request created a moment ago whose workflow has not written the read model yet: waits for the
   * row (awaitReadModel, bounded) instead of answering 404 for a request the client was just told exists.
   */
  private async readBack(id: string, visibleTo: CaseVisibility) {
    const waited = await awaitReadModel({
      recorded: async () => (await this.cases.findById(id)) !== null,
      workflowExists: async () => {
        try {
          await this.temporal.workflow.getHandle(id).describe();
          return true;
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        }
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
    });
    return waited ? this.visibleRow(id, visibleTo) : undefined;
  }
}

function unprocessable(field: string | null, message: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/unknown-place',
    title: 'not in the organisation',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: message,
    ...(field ? { errors: [{ field: `body.${field}`, message }] } : {}),
  });
}

/** The notice of a new request: accepted, and which open requests it probably repeats (the earliest, and how many). */
function duplicateNotice(raised: RaisedCase): string {
  if (raised.likelyDuplicateCount === 0) return '已受理';
  const named = raised.likelyDuplicates.map((d) => d.caseId).join(', ');
  const unnamed = raised.likelyDuplicateCount - raised.likelyDuplicates.length;
  return unnamed > 0
    ? `已受理。可能与 ${raised.likelyDuplicateCount} 件未办结的诉求重复，最早的: ${named}`
    : `已受理。可能与以下未办结的诉求重复: ${named}`;
}
