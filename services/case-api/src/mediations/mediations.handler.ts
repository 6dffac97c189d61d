import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  CaseLedgerRepository,
  MediationRepository,
  MeetingRepository,
  personName,
  seedUsers,
  type BishanOrganisation,
  type Database,
} from '@bishan/db';
import {
  followUpDue,
  inPlaceScope,
  placeScopeOf,
  recordFollowUp,
  recordMediation,
  shanghaiDateOf,
  type Actor,
  type Mediation,
  type MediationDecision,
} from '@bishan/domain';
import { DATABASE, ProblemException } from '@bishan/service-runtime';
import { rejectionProblem, ruleRejection } from '../cases/case-problems';
import { VisibleCases } from '../cases/visible-cases';
import { OrganisationStore } from '../organisation/organisation.store';
import type { FollowUpBody, MediationListQuery, RecordMediationBody } from './mediation.schemas';

/** Mediation records (调解): the domain decides, the repository keeps what it decided. */
@Injectable()
export class MediationsHandler {
  private readonly mediations: MediationRepository;
  private readonly meetings: MeetingRepository;
  private readonly ledger: CaseLedgerRepository;
  private officials: { of: BishanOrganisation; ids: ReadonlySet<string> } | undefined;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly organisation: OrganisationStore,
    private readonly visible: VisibleCases,
  ) {
    this.mediations = new MediationRepository(db);
    this.meetings = new MeetingRepository(db);
    this.ledger = new CaseLedgerRepository(db);
  }

  async record(actor: Actor, body: RecordMediationBody) {
    const now = new Date();
    const [meeting, linkedCase] = await Promise.all([
      body.meetingId ? this.meetings.findById(body.meetingId) : undefined,
      body.caseId ? this.caseFor(body.caseId, actor) : undefined,
    ]);
    const mediator =
      body.mediator.kind === 'official'
        ? { kind: 'official' as const, personId: body.mediator.personId, name: personName(body.mediator.personId) }
        : body.mediator;
    const mediation = decided(
      recordMediation(
        { mediationId: randomUUID(), actor, ...body, mediator },
        {
          now,
          places: this.organisation.places(),
          meeting: meeting === undefined ? undefined : meeting,
          linkedCase,
          isOfficial: (personId) => this.officialIds().has(personId),
        },
      ),
    );
    await this.mediations.create(mediation, actor);
    return this.view(mediation, now);
  }

  async followUp(actor: Actor, id: string, body: FollowUpBody) {
    const now = new Date();
    const mediation = decided(recordFollowUp(await this.find(id, actor), { actor, ...body }, { now }));
    if (!(await this.mediations.recordFollowUp(mediation, actor)))
      throw ruleRejection('wrong-state', `mediation ${id} was followed up meanwhile`);
    return this.view(mediation, now);
  }

  async get(actor: Actor, id: string) {
    return this.view(await this.find(id, actor), new Date());
  }

  async list(actor: Actor, query: MediationListQuery) {
    const { limit, offset, followUpDue: dueOnly, ...filter } = query;
    const now = new Date();
    const page = await this.mediations.list(
      {
        ...filter,
        ...(dueOnly ? { followUpDueBy: shanghaiDateOf(now) } : {}),
        visibleTo: placeScopeOf(actor, this.organisation.current()),
      },
      limit,
      offset,
    );
    return { items: page.items.map((m) => this.view(m, now)), total: page.total, limit, offset };
  }

  /**
   * The officials who may mediate in a village (the picker of the mediation form): the village's
   * secretary and courtyard cadres, its town's leadership and triage members, by name. Only for a
   * village in the reader's places; elsewhere the list is empty.
   */
  mediators(actor: Actor, villageId: string) {
    const org = this.organisation.current();
    const village = org.villages.find((v) => v.id === villageId);
    if (!village || !inPlaceScope(placeScopeOf(actor, org), { townId: village.townId, villageId })) return [];
    const town = org.towns.find((t) => t.id === village.townId);
    const ids = [
      village.secretaryId,
      ...(town?.leaderIds ?? []),
      ...(town?.triageMemberIds ?? []),
      ...org.courtyards.filter((c) => c.villageId === villageId).flatMap((c) => c.cadreIds),
    ];
    return [...new Set(ids)].map((personId) => ({ personId, name: personName(personId) }));
  }

  /** Out of the reader's places reads as unknown. */
  private async find(id: string, actor: Actor): Promise<Mediation> {
    const mediation = await this.mediations.findById(id);
    if (!mediation || !inPlaceScope(placeScopeOf(actor, this.organisation.current()), mediation.place)) {
      throw new ProblemException({
        type: 'https://bishan.example/problems/not-found',
        title: 'mediation not found',
        status: HttpStatus.NOT_FOUND,
        detail: `no mediation with id ${id}`,
      });
    }
    return mediation;
  }

  /** The case as the recorder can see it; null when it does not exist for them. */
  private async caseFor(caseId: string, actor: Actor) {
    const [row] = await this.ledger.newest({ visibleTo: this.visible.visibilityFor(actor), ids: [caseId] }, 1);
    return row ? { id: row.id, townId: row.townId, villageId: row.villageId, raisedAt: row.raisedAt.toISOString() } : null;
  }

  /** Every person of the organisation who holds an office (cadres included), not residents or the admin account. */
  private officialIds(): ReadonlySet<string> {
    const org = this.organisation.current();
    if (this.officials?.of !== org) {
      const ids = seedUsers(org)
        .filter((u) => !u.roles.includes('resident') && !u.roles.includes('admin'))
        .map((u) => u.id);
      this.officials = { of: org, ids: new Set(ids) };
    }
    return this.officials.ids;
  }

  private view(mediation: Mediation, now: Date) {
    const org = this.organisation.current();
    return {
      ...mediation,
      placeNames: {
        town: org.towns.find((t) => t.id === mediation.place.townId)?.name ?? null,
        village: org.villages.find((v) => v.id === mediation.place.villageId)?.name ?? null,
        courtyard: org.courtyards.find((c) => c.id === mediation.place.courtyardId)?.name ?? null,
      },
      followUpDue: followUpDue(mediation, now),
    };
  }
}

function decided(decision: MediationDecision): Mediation {
  if (!decision.ok) throw rejectionProblem(decision);
  return decision.mediation;
}
