import type { Database } from '@bishan/db';
import type { CaseFact, KpiFacts, MediationFact, MeetingFact } from '@bishan/domain';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * Reads the facts the KPIs are computed from. Everything is read: the district's whole history is a
 * few thousand meetings and cases, and the period and group filters are the domain's to apply.
 */
export class KpiFactsRepository {
  constructor(private readonly db: Database) {}

  async load(): Promise<KpiFacts> {
    const [cases, ratings, escalations, meetings, mediations] = await Promise.all([
      this.db.reportingCaseFact.findMany({ orderBy: { caseId: 'asc' } }),
      this.db.reportingRatingFact.findMany({ orderBy: { eventId: 'asc' } }),
      this.db.reportingEscalationFact.findMany({ orderBy: { eventId: 'asc' } }),
      this.db.reportingMeetingFact.findMany({ orderBy: { meetingId: 'asc' } }),
      this.db.reportingMediationFact.findMany({ orderBy: { mediationId: 'asc' } }),
    ]);
    return {
      cases: cases.map((c): CaseFact => ({
        caseId: c.caseId,
        category: c.category,
        channel: c.channel,
        townId: c.townId,
        villageId: c.villageId,
        handlingLevel: c.handlingLevel,
        departmentId: c.departmentId,
        leaderId: c.leaderId,
        raisedAt: iso(c.raisedAt),
        resolvedOnSpot: c.resolvedOnSpot,
        publishedAt: iso(c.publishedAt),
        claimDueAt: iso(c.claimDueAt),
        claimedAt: iso(c.claimedAt),
        claimedLate: c.claimedLate,
        resultReportedAt: iso(c.resultReportedAt),
        resultOverdue: c.resultOverdue,
        deadlinesMissed: c.deadlinesMissed,
        feedbackAt: iso(c.feedbackAt),
        reopenCount: c.reopenCount,
        closure: c.closure,
        closedAt: iso(c.closedAt),
      })),
      ratings: ratings.map((r) => ({ caseId: r.caseId, rating: r.rating, ratedAt: r.ratedAt.toISOString() })),
      escalations: escalations.map((e) => ({
        caseId: e.caseId,
        step: e.step,
        escalatedAt: e.escalatedAt.toISOString(),
      })),
      meetings: meetings.map((m): MeetingFact => ({
        meetingId: m.meetingId,
        level: m.level,
        convenerId: m.convenerId,
        townId: m.townId,
        villageId: m.villageId,
        invitedHouseholds: m.invitedHouseholds,
        householdsAtHome: m.householdsAtHome,
        attendees: m.attendees,
        issuesRaised: m.issuesRaised,
        resolvedOnSpot: m.resolvedOnSpot,
        closedAt: iso(m.closedAt),
      })),
      mediations: mediations.map(
        (m): MediationFact => ({
          mediationId: m.mediationId,
          townId: m.townId,
          villageId: m.villageId,
          mediatedAt: m.mediatedAt.toISOString(),
          outcome: m.outcome,
          agreementHeld: m.agreementHeld,
        }),
      ),
    };
  }
}
