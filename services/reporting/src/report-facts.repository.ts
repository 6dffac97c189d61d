import type { Database } from '@bishan/db';
import { REPORTING_CONSUMER } from './case-events/record-case-fact.handler';

/** The reporting tables as the report endpoints read them: counts, and one case's or meeting's facts. */
export class ReportFactsRepository {
  constructor(private readonly db: Database) {}

  /** Every raised case with its escalations and every meeting's place, for a reader who sees part of the district. */
  async raisedCasesAndMeetingPlaces() {
    const [cases, meetings] = await Promise.all([
      this.db.reportingCaseFact.findMany({ where: { raisedAt: { not: null } }, select: { caseId: true, escalationCount: true } }),
      this.db.reportingMeetingFact.findMany({ select: { townId: true, villageId: true } }),
    ]);
    return { cases, meetings };
  }

  /** The whole district's figures, counted by the database. */
  async districtCounts() {
    const [casesRaised, escalated, meetings] = await Promise.all([
      this.db.reportingCaseFact.count({ where: { raisedAt: { not: null } } }),
      this.db.reportingCaseFact.aggregate({ _sum: { escalationCount: true }, where: { escalationCount: { gt: 0 } } }),
      this.db.reportingMeetingFact.count(),
    ]);
    return { casesRaised, escalations: escalated._sum.escalationCount ?? 0, meetings };
  }

  /** How far the tables have caught up with the topics: a count of messages applied, no case's data. */
  eventsApplied(): Promise<number> {
    return this.db.processedEvent.count({ where: { consumer: REPORTING_CONSUMER } });
  }

  caseFact(caseId: string) {
    return this.db.reportingCaseFact.findUnique({ where: { caseId } });
  }

  meetingFact(meetingId: string) {
    return this.db.reportingMeetingFact.findUnique({ where: { meetingId } });
  }
}
