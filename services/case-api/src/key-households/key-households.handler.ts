import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { KeyHouseholdRepository, MeetingRepository, type Database } from '@bishan/db';
import {
  checkVisits,
  dutyPeriodAt,
  dutyPeriodOf,
  inPlaceScope,
  placeScopeOf,
  registerKeyHousehold,
  residentGroupsOf,
  retireKeyHousehold,
  shanghaiDayStart,
  type Actor,
  type KeyHousehold,
  type KeyHouseholdDecision,
} from '@bishan/domain';
import { DATABASE, ProblemException } from '@bishan/service-runtime';
import { rejectionProblem, ruleRejection } from '../cases/case-problems';
import { mayRead } from '../meetings/meetings.handler';
import { OrganisationStore } from '../organisation/organisation.store';
import type { HouseholdListQuery, RegisterHouseholdBody } from './key-households.schemas';

/** Key households (四必到四必访) per courtyard, and which a meeting visited. */
@Injectable()
export class KeyHouseholdsHandler {
  private readonly households: KeyHouseholdRepository;
  private readonly meetings: MeetingRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly organisation: OrganisationStore,
  ) {
    this.households = new KeyHouseholdRepository(db);
    this.meetings = new MeetingRepository(db);
  }

  async register(actor: Actor, body: RegisterHouseholdBody) {
    const household = decided(
      registerKeyHousehold({ householdId: randomUUID(), actor, ...body }, { now: new Date(), places: this.organisation.places() }),
    );
    await this.households.create(household);
    return this.view(household, new Set());
  }

  async retire(actor: Actor, id: string) {
    const household = decided(retireKeyHousehold(await this.find(id, actor), actor, new Date()));
    if (!(await this.households.retire(household))) throw ruleRejection('wrong-state', `household ${id} was retired meanwhile`);
    return this.view(household, new Set());
  }

  async list(actor: Actor, query: HouseholdListQuery) {
    const period = dutyPeriodOf(query.period ?? dutyPeriodAt('halfYear', new Date()).key);
    const [items, visited] = await Promise.all([
      this.households.list({ ...query, visibleTo: placeScopeOf(actor, this.organisation.current()) }),
      this.households.visitedBetween(new Date(shanghaiDayStart(period.from)), new Date(shanghaiDayStart(period.to))),
    ]);
    return { period: period.key, items: items.map((h) => this.view(h, visited)) };
  }

  /** The residents' groups of a village with their courtyards, for pickers. */
  groups(villageId: string) {
    const org = this.organisation.current();
    return residentGroupsOf(org, villageId).map((g) => ({
      id: g.id,
      number: g.number,
      name: g.name,
      courtyards: g.courtyardIds.map((id) => ({ id, name: org.courtyards.find((c) => c.id === id)?.name ?? id })),
    }));
  }

  async recordVisits(actor: Actor, meetingId: string, householdIds: readonly string[]) {
    const meeting = await this.meetings.findById(meetingId);
    if (!meeting) throw notFound('meeting', meetingId);
    const villageIds = meeting.place?.villageId
      ? [meeting.place.villageId]
      : this.organisation.current().villages.filter((v) => v.townId === meeting.place?.townId).map((v) => v.id);
    const candidates = await this.households.ofVillages(villageIds);
    const problem = checkVisits(
      { id: meeting.id, convenerId: meeting.convener.id, status: meeting.status, ...(meeting.closedAt ? { closedAt: meeting.closedAt } : {}), ...(meeting.place ? { place: meeting.place } : {}) },
      candidates,
      householdIds,
      actor,
      new Date(),
    );
    if (problem) throw rejectionProblem(problem);
    return { meetingId, householdIds: await this.households.recordVisits(meetingId, householdIds, actor.id, new Date()) };
  }

  async visits(actor: Actor, meetingId: string) {
    mayRead(actor);
    return { meetingId, householdIds: await this.households.visitsOf(meetingId) };
  }

  /** Out of the reader's places reads as unknown. */
  private async find(id: string, actor: Actor): Promise<KeyHousehold> {
    const household = await this.households.findById(id);
    if (!household || !inPlaceScope(placeScopeOf(actor, this.organisation.current()), household)) throw notFound('key household', id);
    return household;
  }

  private view(household: KeyHousehold, visited: ReadonlySet<string>) {
    return {
      ...household,
      courtyardName: this.organisation.current().courtyards.find((c) => c.id === household.courtyardId)?.name ?? household.courtyardId,
      visitedInPeriod: visited.has(household.id),
    };
  }
}

function decided(decision: KeyHouseholdDecision): KeyHousehold {
  if (!decision.ok) throw rejectionProblem(decision);
  return decision.household;
}

function notFound(what: string, id: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/not-found',
    title: `${what} not found`,
    status: HttpStatus.NOT_FOUND,
    detail: `no ${what} with id ${id}`,
  });
}
