import type { Prisma } from '@prisma/client';
import {
  type CasePolicy,
  type PolicyVersionStatus,
  findPolicy,
  nextTakeOver,
  policyInForce,
  policyVersions,
  seededEffectiveAt,
} from '@bishan/domain';
import type { Database } from '../prisma-client';
import { isUniqueViolation } from '../unique-violation';

/** A stored version of the case policy: its body and who made, published and named it. */
export interface StoredPolicyVersion {
  readonly version: string;
  readonly status: PolicyVersionStatus;
  readonly policy: CasePolicy;
  readonly name: string | null;
  readonly reason: string | null;
  readonly basedOn: string | null;
  readonly effectiveAt: Date | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly publishedBy: string | null;
  readonly publishedAt: Date | null;
}

export type PolicyVersionRefusal = 'not-found' | 'published' | 'exists';

/** An edit the repository refuses: an unknown version, a published one (never changes), a name taken. */
export class PolicyVersionRefused extends Error {
  constructor(
    readonly refusal: PolicyVersionRefusal,
    readonly version: string,
  ) {
    super(
      refusal === 'not-found'
        ? `no case policy version '${version}'`
        : refusal === 'published'
          ? `case policy version '${version}' is published: a published version never changes`
          : `a case policy version '${version}' exists already`,
    );
    this.name = 'PolicyVersionRefused';
  }
}

/** Runs in the edit's transaction with the stored row (its admin audit entry): both commit or neither. */
export type AlsoIn = (tx: Prisma.TransactionClient, stored: StoredPolicyVersion) => Promise<unknown>;

const SEEDED_BY = 'seed';
/** The first rows' reason, shown where a published version's reason is. */
const SEEDED_REASON = '首批版本:由代码内置的规则导入(规则改为数据之前发布)';
const SEEDED_NAMES: Record<string, string> = {
  '2025.1': '2025 年版',
  '2026.2': '2026 年版:每一环节都有时限',
};

/**
 * The case policy's versions as data. Drafts change until they are published; a published
 * version never does (refused here, and on PostgreSQL and SQLite by a trigger as well), because
 * cases pinned it by name. The compiled versions are the first rows (`seedIfEmpty`, run by every
 * reader before its first read); the demonstration versions stay code-only and are never in force.
 */
export class CasePolicyRepository {
  private seeding: Promise<unknown> | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Stores the compiled versions as published when the table is empty: a no-op once done, and safe
   * when several processes start together (the loser of the race finds the rows there).
   */
  async seedIfEmpty(compiled: readonly CasePolicy[] = policyVersions): Promise<boolean> {
    if ((await this.db.casePolicyVersion.count()) > 0) return false;
    const now = this.clock();
    try {
      await this.db.$transaction(async (tx) => {
        for (const [i, policy] of compiled.entries()) {
          await tx.casePolicyVersion.create({
            data: {
              version: policy.version,
              status: 'published',
              body: JSON.stringify(policy),
              name: SEEDED_NAMES[policy.version] ?? policy.version,
              reason: SEEDED_REASON,
              basedOn: null,
              effectiveAt: new Date(seededEffectiveAt(policy, i === compiled.length - 1, now)),
              createdBy: SEEDED_BY,
              createdAt: now,
              updatedAt: now,
              publishedBy: SEEDED_BY,
              publishedAt: now,
            },
          });
        }
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Seeds once per repository before it first reads. */
  seeded(): Promise<unknown> {
    this.seeding ??= this.seedIfEmpty().catch((error: unknown) => {
      this.seeding = undefined;
      throw error;
    });
    return this.seeding;
  }

  /** Every stored version: published ones by effective time (newest first), then drafts (newest first). */
  async list(): Promise<StoredPolicyVersion[]> {
    await this.seeded();
    const rows = await this.db.casePolicyVersion.findMany({ orderBy: [{ createdAt: 'desc' }, { version: 'desc' }] });
    const stored = rows.map(storedOf);
    const published = stored
      .filter((v) => v.status === 'published')
      .sort((a, b) => (b.effectiveAt?.getTime() ?? 0) - (a.effectiveAt?.getTime() ?? 0) || (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
    return [...published, ...stored.filter((v) => v.status === 'draft')];
  }

  async find(version: string): Promise<StoredPolicyVersion | null> {
    await this.seeded();
    const row = await this.db.casePolicyVersion.findUnique({ where: { version } });
    return row ? storedOf(row) : null;
  }

  async get(version: string): Promise<StoredPolicyVersion> {
    const found = await this.find(version);
    if (!found) throw new PolicyVersionRefused('not-found', version);
    return found;
  }

  /**
   * The version in force at `at` and until when that reading holds (the next published version's
   * effective time, or null). Throws when no published version has come into force.
   */
  async inForce(at?: Date): Promise<{ version: StoredPolicyVersion; validUntil: number | null }> {
    await this.seeded();
    // The clock is read after the seeding: the latest compiled version is in force from the seeding
    // on, so an instant read before it would still find the previous one.
    const when = at ?? this.clock();
    const stamps = await this.db.casePolicyVersion.findMany({
      where: { status: 'published' },
      select: { version: true, status: true, effectiveAt: true, publishedAt: true },
    });
    const typed = stamps.map((s) => ({ ...s, status: s.status as PolicyVersionStatus }));
    const current = policyInForce(typed, when);
    if (!current) throw new Error('no published case policy version is in force yet');
    return { version: await this.get(current.version), validUntil: nextTakeOver(typed, when) };
  }

  /** Every version name stored, drafts included (a new draft's name must be none of them). */
  async versionNames(): Promise<string[]> {
    await this.seeded();
    return (await this.db.casePolicyVersion.findMany({ select: { version: true } })).map((r) => r.version);
  }

  /** Stores a new draft; refused when the name is taken. */
  async createDraft(
    draft: { policy: CasePolicy; basedOn: string | null; by: string },
    alsoIn?: AlsoIn,
  ): Promise<StoredPolicyVersion> {
    await this.seeded();
    const now = this.clock();
    try {
      return await this.db.$transaction(async (tx) => {
        const row = await tx.casePolicyVersion.create({
          data: {
            version: draft.policy.version,
            status: 'draft',
            body: JSON.stringify(draft.policy),
            basedOn: draft.basedOn,
            createdBy: draft.by,
            createdAt: now,
            updatedAt: now,
          },
        });
        const stored = storedOf(row);
        await alsoIn?.(tx, stored);
        return stored;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PolicyVersionRefused('exists', draft.policy.version);
      throw error;
    }
  }

  /** Replaces a draft's body; refused for a published version (or an unknown one). */
  async updateDraft(version: string, policy: CasePolicy, alsoIn?: AlsoIn): Promise<StoredPolicyVersion> {
    if (policy.version !== version) throw new Error(`a draft's body names its own version ('${policy.version}' is not '${version}')`);
    return this.changeDraft(version, { body: JSON.stringify(policy), updatedAt: this.clock() }, alsoIn);
  }

  /**
   * Publishes a draft with its final body (dated), a name, a reason and the instant from which new
   * cases pin it: from here on the row never changes. Refused unless it is a draft.
   */
  async publish(
    version: string,
    publication: { policy: CasePolicy; name: string; reason: string; effectiveAt: Date; by: string },
    alsoIn?: AlsoIn,
  ): Promise<StoredPolicyVersion> {
    const now = this.clock();
    const published = await this.changeDraft(
      version,
      {
        status: 'published',
        body: JSON.stringify(publication.policy),
        name: publication.name,
        reason: publication.reason,
        effectiveAt: publication.effectiveAt,
        publishedBy: publication.by,
        publishedAt: now,
        updatedAt: now,
      },
      alsoIn,
    );
    forgetPolicyInForce(this.db);
    return published;
  }

  private async changeDraft(version: string, data: Prisma.CasePolicyVersionUpdateManyMutationInput, alsoIn?: AlsoIn) {
    await this.seeded();
    return this.db.$transaction(async (tx) => {
      // Only while it is a draft: a concurrent publication makes this match nothing.
      const changed = await tx.casePolicyVersion.updateMany({ where: { version, status: 'draft' }, data });
      if (changed.count === 0) {
        const existing = await tx.casePolicyVersion.findUnique({ where: { version }, select: { status: true } });
        throw new PolicyVersionRefused(existing ? 'published' : 'not-found', version);
      }
      const stored = storedOf(await tx.casePolicyVersion.findUniqueOrThrow({ where: { version } }));
      await alsoIn?.(tx, stored);
      return stored;
    });
  }
}

type Row = Awaited<ReturnType<Database['casePolicyVersion']['findUniqueOrThrow']>>;

function storedOf(row: Row): StoredPolicyVersion {
  return {
    version: row.version,
    status: row.status as PolicyVersionStatus,
    policy: JSON.parse(row.body) as CasePolicy,
    name: row.name,
    reason: row.reason,
    basedOn: row.basedOn,
    effectiveAt: row.effectiveAt,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
  };
}

/** A version a case may pin by name: a compiled one, else a published one from the table (never a draft). */
async function compiledOrPublished(repository: CasePolicyRepository, version: string): Promise<CasePolicy | undefined> {
  const compiled = findPolicy(version);
  if (compiled) return compiled;
  const stored = await repository.find(version);
  return stored?.status === 'published' ? stored.policy : undefined;
}

/** How long a reading of the version in force is reused (another process's publication shows within it). */
export const POLICY_IN_FORCE_TTL_MS = 5_000;

interface Reading {
  readonly policy: CasePolicy;
  readonly until: number;
}

// One reading per database per process, so that a publication through any repository on the same
// database is seen at once by every reader of this process.
const readings = new WeakMap<Database, Reading>();

function forgetPolicyInForce(db: Database): void {
  readings.delete(db);
}

/**
 * The policy new cases pin, read from the table and kept a few seconds (never past the instant the
 * next published version takes over). A configured version (CASE_POLICY_VERSION, for
 * demonstrations and real-time tests) overrides it: a compiled version by its name, else a
 * published one from the table.
 */
export function policyInForceReader(
  db: Database,
  options: { clock?: () => Date; ttlMs?: number } = {},
): (configured?: string) => Promise<CasePolicy> {
  const clock = options.clock ?? (() => new Date());
  const ttl = options.ttlMs ?? POLICY_IN_FORCE_TTL_MS;
  const repository = new CasePolicyRepository(db, clock);
  return async (configured) => {
    if (configured !== undefined) {
      const named = await compiledOrPublished(repository, configured);
      if (named) return named;
      throw new Error(`CASE_POLICY_VERSION names '${configured}', which is neither compiled in nor a published version`);
    }
    const kept = readings.get(db);
    if (kept && clock().getTime() < kept.until) return kept.policy;
    // Seeded before the clock is read (see inForce): the first case of a new database pins the latest version.
    await repository.seeded();
    const now = clock().getTime();
    const { version, validUntil } = await repository.inForce(new Date(now));
    readings.set(db, { policy: version.policy, until: Math.min(now + ttl, validUntil ?? Number.POSITIVE_INFINITY) });
    return version.policy;
  };
}

/**
 * The policy a case is pinned to, by its version: a compiled one by its name, else a published one
 * from the table, kept for the life of the process (a published version never changes). What reads
 * a case's limits beside its view (the actions the console offers) asks here. A version neither
 * compiled nor published is refused: no case can be pinned to it.
 */
export function pinnedPolicyReader(db: Database): (version: string) => Promise<CasePolicy> {
  const repository = new CasePolicyRepository(db);
  const kept = new Map<string, Promise<CasePolicy>>();
  const read = async (version: string): Promise<CasePolicy> => {
    const named = await compiledOrPublished(repository, version);
    if (named) return named;
    throw new Error(`no case can be pinned to policy version '${version}': it is neither compiled in nor published`);
  };
  return (version) => {
    const compiled = findPolicy(version);
    if (compiled) return Promise.resolve(compiled);
    let reading = kept.get(version);
    if (!reading) {
      // A failed read is not kept: the next request reads again.
      reading = read(version).catch((error: unknown) => {
        kept.delete(version);
        throw error;
      });
      kept.set(version, reading);
    }
    return reading;
  };
}
