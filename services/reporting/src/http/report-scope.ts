import { Inject, Injectable } from '@nestjs/common';
import { caseVisibilityOf, currentOrganisation, visibleCaseIds, type BishanOrganisation, type CaseVisibility, type Database } from '@bishan/db';
import type { Actor, KpiFacts } from '@bishan/domain';
import { DATABASE, type AuthenticatedRequest } from '@bishan/service-runtime';

/**
 * What a reader of the reports may see: the case API's visibility rule (caseVisibilityOf) over the
 * same case read model, so a figure never counts, and a fact never shows, a case its reader could
 * not open in the ledger.
 */
@Injectable()
export class ReportScope {
  private readonly organisation: () => Promise<BishanOrganisation>;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.organisation = currentOrganisation(db);
  }

  async visibilityOf(actor: Actor): Promise<CaseVisibility> {
    return caseVisibilityOf(actor, await this.organisation());
  }

  async canSee(actor: Actor, caseId: string): Promise<boolean> {
    return (await visibleCaseIds(this.db, [caseId], await this.visibilityOf(actor))).has(caseId);
  }

  /** The facts the reader may see (KPIs by any dimension are computed from these only). */
  async facts(actor: Actor, facts: KpiFacts): Promise<KpiFacts> {
    const visibility = await this.visibilityOf(actor);
    if (visibility === 'all') return facts;
    const visible = await visibleCaseIds(this.db, facts.cases.map((c) => c.caseId), visibility);
    return factsWithin(facts, visible, visibility);
  }

  /** The rows whose case the reader may see, in their order. */
  async only<T extends { caseId: string }>(actor: Actor, rows: readonly T[]): Promise<T[]> {
    const visibility = await this.visibilityOf(actor);
    if (visibility === 'all') return [...rows];
    const visible = await visibleCaseIds(this.db, rows.map((row) => row.caseId), visibility);
    return rows.filter((row) => visible.has(row.caseId));
  }
}

/** The verified actor the bearer guard left on the request. */
export function actorOf(request: AuthenticatedRequest): Actor {
  if (!request.actor) throw new Error('a reports route ran without the bearer guard');
  return request.actor;
}

/** The facts the reader may see: cases (and their ratings and escalations) by the case rule, meetings and mediations by place. */
export function factsWithin(facts: KpiFacts, visibleCases: ReadonlySet<string> | 'all', visibility: CaseVisibility): KpiFacts {
  if (visibleCases === 'all') return facts;
  const grants = visibility === 'all' ? [] : visibility;
  const villages = new Set(grants.flatMap((g) => (g.kind === 'village' ? [g.villageId] : [])));
  const towns = new Set(grants.flatMap((g) => (g.kind === 'towns' ? g.townIds : [])));
  const inPlaces = (f: { villageId: string | null; townId: string | null }) =>
    (f.villageId !== null && villages.has(f.villageId)) || (f.townId !== null && towns.has(f.townId));
  return {
    cases: facts.cases.filter((c) => visibleCases.has(c.caseId)),
    ratings: facts.ratings.filter((r) => visibleCases.has(r.caseId)),
    escalations: facts.escalations.filter((e) => visibleCases.has(e.caseId)),
    meetings: facts.meetings.filter(inPlaces),
    mediations: (facts.mediations ?? []).filter(inPlaces),
  };
}
