import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import { policyWhatIfRunId, policyWhatIfWorkflowType, type PolicyWhatIfInput } from '@bishan/contracts';
import {
  AdminAuditLog,
  CasePolicyRepository,
  PolicyVersionRefused,
  PolicyWhatIfRepository,
  personName,
  seedUsers,
  type Database,
  type StoredPolicyVersion,
  type StoredWhatIfRun,
} from '@bishan/db';
import {
  type Actor,
  type CasePolicy,
  checkPublication,
  diffPolicies,
  draftOf,
  effectiveInstant,
  nextDraftVersion,
  publishedBody,
  validateCasePolicy,
  whatIfWindow,
} from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException } from '@bishan/service-runtime';
import { OrganisationStore } from '../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import type { PublishBody, UpdateDraftBody } from './policies.schemas';

const refusalStatus: Record<PolicyVersionRefused['refusal'], HttpStatus> = {
  'not-found': HttpStatus.NOT_FOUND,
  published: HttpStatus.CONFLICT,
  exists: HttpStatus.CONFLICT,
};

/** A stored version as the console shows it. */
function viewOf(v: StoredPolicyVersion, inForce: string) {
  return {
    version: v.version,
    status: v.status,
    inForce: v.version === inForce,
    name: v.name,
    reason: v.reason,
    basedOn: v.basedOn,
    effectiveAt: v.effectiveAt?.toISOString() ?? null,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    publishedBy: v.publishedBy,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    policy: v.policy,
  };
}

function runViewOf(run: Omit<StoredWhatIfRun, 'report' | 'draft'>) {
  return {
    id: run.id,
    version: run.version,
    monthsBack: run.monthsBack,
    windowFrom: run.windowFrom.toISOString(),
    windowUntil: run.windowUntil.toISOString(),
    status: run.status,
    casesTotal: run.casesTotal,
    casesDone: run.casesDone,
    error: run.error,
    startedBy: run.startedBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Case policies as data, for administrators: the versions, a draft made from the version in force
 * and edited under the domain's rules, its diff against the version in force, what-if runs over the
 * recorded history (a Temporal workflow in the case worker), and publication. Every change enters
 * the admin audit chain in its own transaction; published versions never change.
 */
@Injectable()
export class PoliciesHandler {
  private readonly logger = new Logger('policies');
  private readonly versions: CasePolicyRepository;
  private readonly runs: PolicyWhatIfRepository;
  private readonly audit: AdminAuditLog;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly organisation: OrganisationStore,
  ) {
    this.versions = new CasePolicyRepository(db);
    this.runs = new PolicyWhatIfRepository(db);
    this.audit = new AdminAuditLog(db, config.audit);
  }

  async list() {
    const [versions, inForce] = await Promise.all([this.versions.list(), this.versions.inForce()]);
    return { inForce: inForce.version.version, items: versions.map((v) => viewOf(v, inForce.version.version)) };
  }

  async get(version: string) {
    const [stored, inForce] = await Promise.all([this.refusing(() => this.versions.get(version)), this.versions.inForce()]);
    return viewOf(stored, inForce.version.version);
  }

  /** A new draft, a copy of the version in force under the next free name. */
  async createDraft(actor: Actor) {
    const now = new Date();
    const [{ version: base }, taken] = await Promise.all([this.versions.inForce(now), this.versions.versionNames()]);
    const policy = draftOf(base.policy, nextDraftVersion(taken, now));
    const stored = await this.refusing(() =>
      this.versions.createDraft({ policy, basedOn: base.version, by: actor.id }, (tx, draft) =>
        this.audit.appendIn(tx, { actor, action: 'policy.createDraft', target: `policy:${draft.version}`, data: { basedOn: base.version } }),
      ),
    );
    this.logger.log({ event: 'policy.createDraft', adminId: actor.id, version: stored.version, basedOn: base.version });
    return this.get(stored.version);
  }

  /** Replaces a draft's limits, refused (422, naming each field) when the domain's rules say no. */
  async updateDraft(actor: Actor, version: string, body: UpdateDraftBody) {
    const stored = await this.refusing(() => this.versions.get(version));
    const policy: CasePolicy = { ...stored.policy, ...body.policy, version, effectiveFrom: stored.policy.effectiveFrom };
    this.refuseInvalid(policy, 'body.policy');
    const changes = diffPolicies(stored.policy, policy);
    await this.refusing(() =>
      this.versions.updateDraft(version, policy, (tx) =>
        this.audit.appendIn(tx, { actor, action: 'policy.updateDraft', target: `policy:${version}`, data: { changes } }),
      ),
    );
    this.logger.log({ event: 'policy.updateDraft', adminId: actor.id, version, fields: changes.map((c) => c.field) });
    return this.get(version);
  }

  /** What a version changes against the version in force, field by field. */
  async diff(version: string) {
    const [stored, inForce] = await Promise.all([this.refusing(() => this.versions.get(version)), this.versions.inForce()]);
    return { version, against: inForce.version.version, changes: diffPolicies(inForce.version.policy, stored.policy) };
  }

  /** Stores a run of the draft over the last `months` months and starts its workflow in the case worker. */
  async startWhatIf(actor: Actor, version: string, months: number) {
    const stored = await this.refusing(() => this.versions.get(version));
    if (stored.status !== 'draft') this.refuse(HttpStatus.CONFLICT, 'not-a-draft', 'path.version', 'a what-if runs on a draft; a published version is in the history already');
    const window = whatIfWindow(new Date(), months);
    const id = policyWhatIfRunId(version, randomUUID());
    const run = await this.runs.start({
      id,
      draft: stored.policy,
      monthsBack: months,
      windowFrom: new Date(window.from),
      windowUntil: new Date(window.until),
      by: actor.id,
    });
    const input: PolicyWhatIfInput = { runId: id, version };
    try {
      await this.temporal.workflow.start(policyWhatIfWorkflowType, { workflowId: id, taskQueue: this.config.temporal.taskQueue, args: [input] });
    } catch (error) {
      await this.runs.fail(id, `the workflow could not be started: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    await this.audit.record({ actor, action: 'policy.whatIf', target: `policy:${version}`, data: { runId: id, months } });
    this.logger.log({ event: 'policy.whatIf', adminId: actor.id, version, runId: id, months });
    return runViewOf(run);
  }

  async whatIfRuns(version: string) {
    return { items: (await this.runs.runsOf(version)).map(runViewOf) };
  }

  /** A run's progress and its report (partial while it runs), with the names its ids stand for. */
  async whatIf(version: string, runId: string) {
    const run = await this.runs.find(runId);
    if (!run || run.version !== version) this.refuse(HttpStatus.NOT_FOUND, 'not-found', 'path.runId', `no what-if run '${runId}' of version '${version}'`);
    const { report, draft: _draft, ...rest } = run;
    return { run: runViewOf(rest), report, names: this.namesFor(Object.keys(report.leaderLoad)) };
  }

  /** Publishes a checked draft: from its effective time new cases pin it; it never changes again. */
  async publish(actor: Actor, version: string, body: PublishBody) {
    const now = new Date();
    const stored = await this.refusing(() => this.versions.get(version));
    const request = { status: stored.status, name: body.name.trim(), reason: body.reason.trim(), effectiveAt: body.effectiveAt };
    const problems = checkPublication(request, now);
    const notDraft = problems.find((p) => p.field === 'status');
    if (notDraft) this.refuse(HttpStatus.CONFLICT, 'published', 'path.version', notDraft.message);
    if (problems.length) {
      const errors = problems.map((p) => ({ field: `body.${p.field}`, message: p.message, code: p.code, ...(p.params ? { params: p.params } : {}) }));
      throw new ProblemException({
        type: 'https://bishan.example/problems/policy-publication',
        title: 'the publication lacks something',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      });
    }
    this.refuseInvalid(stored.policy, 'policy');
    const effectiveAt = new Date(effectiveInstant(body.effectiveAt, now));
    const policy = publishedBody(stored.policy, effectiveAt);
    const changes = await this.diff(version);
    await this.refusing(() =>
      this.versions.publish(version, { policy, name: request.name, reason: request.reason, effectiveAt, by: actor.id }, (tx) =>
        this.audit.appendIn(tx, {
          actor,
          action: 'policy.publish',
          target: `policy:${version}`,
          data: { name: request.name, reason: request.reason, effectiveAt: effectiveAt.toISOString(), against: changes.against, changes: changes.changes },
        }),
      ),
    );
    this.logger.log({ event: 'policy.publish', adminId: actor.id, version, effectiveAt: effectiveAt.toISOString() });
    return this.get(version);
  }

  /** Names of the departments, towns and the given people, for the report's rows. */
  private namesFor(personIds: readonly string[]) {
    const org = this.organisation.current();
    const titles = new Map([...org.topDistrictLeaders, ...org.districtLeaders].map((l) => [l.id, l.title]));
    const known = new Set(seedUsers(org).map((u) => u.id));
    const people: Record<string, string> = {};
    for (const id of personIds) {
      if (!known.has(id)) continue;
      const title = titles.get(id);
      people[id] = title ? `${title} ${personName(id)}` : personName(id);
    }
    return {
      departments: Object.fromEntries(org.departments.map((d) => [d.id, d.name])),
      towns: Object.fromEntries(org.towns.map((t) => [t.id, t.name])),
      people,
    };
  }

  private refuseInvalid(policy: CasePolicy, prefix: string): void {
    const problems = validateCasePolicy(policy, this.organisation.directory());
    if (problems.length === 0) return;
    const errors = problems.map((p) => ({ field: `${prefix}.${p.field}`, message: p.message, code: p.code, params: p.params }));
    throw new ProblemException({
      type: 'https://bishan.example/problems/policy-invalid',
      title: 'the policy breaks its rules',
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    });
  }

  private refuse(status: HttpStatus, code: string, field: string, message: string): never {
    throw new ProblemException({
      type: `https://bishan.example/problems/policy-${code}`,
      title: `case policy: ${code}`,
      status,
      detail: `${field}: ${message}`,
      errors: [{ field, message }],
    });
  }

  private async refusing<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (!(error instanceof PolicyVersionRefused)) throw error;
      return this.refuse(refusalStatus[error.refusal], error.refusal, 'path.version', error.message);
    }
  }
}
