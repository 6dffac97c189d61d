import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import {
  meetingDutyRemindersWorkflowType,
  type MeetingDutyRemindersInput,
  type MeetingDutyRemindersResult,
} from '@bishan/contracts';
import { KeyHouseholdRepository, MeetingRepository, personName, type BishanOrganisation, type Database } from '@bishan/db';
import {
  currentMeetingDutyPolicy,
  dutyCoverage,
  dutyPeriodAt,
  dutyPeriodOf,
  inPlaceScope,
  keyHouseholdCoverage,
  meetingDuties,
  periodsWithin,
  placeScopeOf,
  residentGroupsOf,
  shanghaiDayStart,
  type Actor,
  type MeetingDuty,
} from '@bishan/domain';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { OrganisationStore } from '../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import type { DutiesQuery } from './meeting-duties.schemas';

/**
 * The duty tracker: every meeting duty of the policy for a half-year (and its year), judged against
 * the meetings closed, within the reader's places (and the duties they hold themselves).
 */
@Injectable()
export class MeetingDutiesHandler {
  private readonly meetings: MeetingRepository;
  private readonly households: KeyHouseholdRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organisation: OrganisationStore,
  ) {
    this.meetings = new MeetingRepository(db);
    this.households = new KeyHouseholdRepository(db);
  }

  async duties(actor: Actor, query: DutiesQuery) {
    const now = new Date();
    const period = query.period ?? dutyPeriodAt('halfYear', now).key;
    const { year } = periodsWithin(period);
    const meetings = await this.meetings.closedBetween(new Date(shanghaiDayStart(year.from)), new Date(shanghaiDayStart(year.to)));
    const org = this.organisation.current();
    const policy = currentMeetingDutyPolicy();
    const scope = placeScopeOf(actor, org);
    const readable = meetingDuties(org, meetings, policy, period, now).filter(
      (d) => d.holderIds.includes(actor.id) || inPlaceScope(scope, { townId: d.unit.townId, villageId: d.unit.kind === 'town' ? null : d.unit.villageId }),
    );
    const selected = readable.filter(
      (d) =>
        (query.townId === undefined || d.unit.townId === query.townId) &&
        (query.villageId === undefined || (d.unit.kind !== 'town' && d.unit.villageId === query.villageId)) &&
        (query.level === undefined || d.level === query.level) &&
        (!query.mine || d.holderIds.includes(actor.id)),
    );
    // 四必到四必访: the key households of the selected duties' villages, visited in the half-year.
    const villageIds = [...new Set(selected.flatMap((d) => (d.unit.kind === 'town' ? [] : [d.unit.villageId])))];
    const half = dutyPeriodOf(period);
    const [households, visited] = await Promise.all([
      this.households.ofVillages(villageIds),
      this.households.visitedBetween(new Date(shanghaiDayStart(half.from)), new Date(shanghaiDayStart(half.to))),
    ]);
    return {
      period,
      policyVersion: policy.version,
      keyHouseholds: keyHouseholdCoverage(households, visited).map((row) => ({
        ...row,
        villageName: org.villages.find((v) => v.id === row.villageId)?.name ?? row.villageId,
      })),
      remindDaysBefore: policy.remindDaysBefore,
      // Coverage of what is selected, whatever its status; the list may be narrowed to one status.
      coverage: dutyCoverage(selected),
      duties: selected.filter((d) => query.status === undefined || d.status === query.status).map((d) => this.view(d, org)),
    };
  }

  /** Starts a reminder run now (or as of a given instant) and answers what it wrote. */
  async remind(input: MeetingDutyRemindersInput): Promise<MeetingDutyRemindersResult> {
    const { taskQueue } = this.config.temporal;
    return this.temporal.workflow.execute(meetingDutyRemindersWorkflowType, {
      workflowId: `meeting-duty-reminders:${taskQueue}:manual:${randomUUID()}`,
      taskQueue,
      args: [input],
    });
  }

  /** Names for ids: the holders, the town, village and residents' group. */
  private view(duty: MeetingDuty, org: BishanOrganisation) {
    const { unit } = duty;
    const town = org.towns.find((t) => t.id === unit.townId)?.name ?? unit.townId;
    const village = unit.kind === 'town' ? null : (org.villages.find((v) => v.id === unit.villageId)?.name ?? unit.villageId);
    const group =
      unit.kind === 'residentGroup' ? (residentGroupsOf(org, unit.villageId).find((g) => g.number === unit.group)?.name ?? `${unit.group}`) : null;
    return {
      ...duty,
      holders: duty.holderIds.map((id) => ({ id, name: personName(id) })),
      unitName: [town, village, group].filter(Boolean).join(' · '),
    };
  }
}
