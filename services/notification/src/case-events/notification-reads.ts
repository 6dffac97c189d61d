import type { Prisma } from '@bishan/db';
import { preferenceOf, type PersonPreference } from '../preferences/preference';
import type { CaseScope } from '../recipients/case-scope';
import type { TemplateText } from '../templates/message-kinds';

type Tx = Prisma.TransactionClient;

/** A group channel's target: the webhook configured for a village or town, if any. */
export interface GroupWebhook {
  url: string;
  style: string;
}

/** The residents' or officials' group a notice goes to. */
export interface GroupScope {
  scopeKind: string;
  scopeId: string;
}

/**
 * What the notices of a batch read, each read once for the whole batch instead of once per event,
 * notice or recipient: a case resolved on the spot brings three events, and each read the case's
 * scope, its village's robot, the same people's preferences and the same kind's templates again.
 *
 * One instance serves one transaction (the batch's, or one event's): what it remembers is what that
 * transaction saw or wrote, so an admin's edit shows from the next batch on.
 */
export class NotificationReads {
  private readonly templates = new Map<string, (TemplateText & { channel: string })[]>();
  private readonly preferences = new Map<string, PersonPreference | null>();
  private readonly webhooks = new Map<string, GroupWebhook | null>();
  private readonly scopes = new Map<string, CaseScope | null>();

  /** The stored templates of a kind, one per channel that has one. */
  async templatesOf(tx: Tx, kind: string): Promise<(TemplateText & { channel: string })[]> {
    let stored = this.templates.get(kind);
    if (!stored) {
      stored = await tx.notificationTemplate.findMany({ where: { kind } });
      this.templates.set(kind, stored);
    }
    return stored;
  }

  /** Each person's stored preference (null without one), asked in one query for those not yet known. */
  async preferencesOf(tx: Tx, personIds: readonly string[]): Promise<Map<string, PersonPreference | null>> {
    const unknown = [...new Set(personIds)].filter((id) => !this.preferences.has(id));
    if (unknown.length > 0) {
      const rows = await tx.notificationPreference.findMany({ where: { personId: { in: unknown } } });
      for (const id of unknown) this.preferences.set(id, null);
      for (const row of rows) this.preferences.set(row.personId, preferenceOf(row));
    }
    return new Map(personIds.map((id) => [id, this.preferences.get(id) ?? null]));
  }

  async webhookOf(tx: Tx, group: GroupScope): Promise<GroupWebhook | null> {
    const key = `${group.scopeKind}:${group.scopeId}`;
    if (!this.webhooks.has(key)) {
      const hook = await tx.notificationWebhook.findUnique({ where: { scopeKind_scopeId: group } });
      this.webhooks.set(key, hook && { url: hook.url, style: hook.style });
    }
    return this.webhooks.get(key) ?? null;
  }

  /** The case's scope as this transaction last saw or saved it. */
  async scopeOf(tx: Tx, caseId: string): Promise<CaseScope | null> {
    if (!this.scopes.has(caseId)) this.scopes.set(caseId, await loadScope(tx, caseId));
    return this.scopes.get(caseId) ?? null;
  }

  async saveScope(tx: Tx, scope: CaseScope, now: Date): Promise<void> {
    const data = {
      category: scope.category,
      townId: scope.townId,
      villageId: scope.villageId,
      reporterIds: JSON.stringify(scope.reporterIds),
      supervisorIds: JSON.stringify(scope.supervisorIds),
      leadDepartmentId: scope.leadDepartmentId,
      updatedAt: now,
    };
    await tx.notificationCaseScope.upsert({
      where: { caseId: scope.caseId },
      create: { caseId: scope.caseId, ...data },
      update: data,
    });
    this.scopes.set(scope.caseId, scope);
  }
}

async function loadScope(tx: Tx, caseId: string): Promise<CaseScope | null> {
  const row = await tx.notificationCaseScope.findUnique({ where: { caseId } });
  if (!row) return null;
  return {
    caseId: row.caseId,
    category: row.category,
    townId: row.townId,
    villageId: row.villageId,
    reporterIds: JSON.parse(row.reporterIds) as string[],
    supervisorIds: JSON.parse(row.supervisorIds) as string[],
    leadDepartmentId: row.leadDepartmentId,
  };
}
