import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, OrganisationEditRefused, type Database, type OrganisationEditRefusal, type OrganisationRepository } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException } from '@bishan/service-runtime';
import { OrganisationStore } from '../organisation/organisation.store';
import type {
  CourtyardListQuery,
  CreateCourtyardBody,
  CreateDepartmentBody,
  CreateTownBody,
  CreateVillageBody,
  UpdateCourtyardBody,
  UpdateDepartmentBody,
  UpdateDistrictLeaderBody,
  UpdateTownBody,
  UpdateVillageBody,
  VillageListQuery,
} from './organisation-admin.schemas';

const statusOf: Record<OrganisationEditRefusal, HttpStatus> = {
  'not-found': HttpStatus.NOT_FOUND,
  'already-exists': HttpStatus.CONFLICT,
  'invalid-reference': HttpStatus.UNPROCESSABLE_ENTITY,
};

type Kind = 'towns' | 'villages' | 'courtyards' | 'departments' | 'district-leaders' | 'top-district-leaders';

/** The audit chain's name for what an edit touches: `town:laifeng`, `districtLeader:dl-01`. */
const targetKindOf: Record<string, string> = {
  createTown: 'town',
  updateTown: 'town',
  createVillage: 'village',
  updateVillage: 'village',
  createCourtyard: 'courtyard',
  updateCourtyard: 'courtyard',
  createDepartment: 'department',
  updateDepartment: 'department',
  updateDistrictLeader: 'districtLeader',
};

/**
 * Reads and edits of the organisation for admins. Reads first catch up with edits made through
 * other instances; every edit is one transaction in the repository, is logged with the admin's id
 * (accepted or refused), enters the admin audit chain in its own transaction when accepted (people
 * and their roles are organisation records: who leads, triages, handles), and is served by this
 * instance as soon as it returns.
 */
@Injectable()
export class OrganisationAdminHandler {
  private readonly logger = new Logger('organisation-admin');
  private readonly audit: AdminAuditLog;

  constructor(
    private readonly organisation: OrganisationStore,
    @Inject(DATABASE) db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.audit = new AdminAuditLog(db, config.audit);
  }

  async summary() {
    await this.organisation.refresh();
    const org = this.organisation.current();
    return {
      revision: this.organisation.revision(),
      district: org.district,
      counts: {
        towns: org.towns.length,
        villages: org.villages.length,
        courtyards: org.courtyards.length,
        departments: org.departments.length,
        districtLeaders: org.districtLeaders.length,
        topDistrictLeaders: org.topDistrictLeaders.length,
      },
      categories: this.organisation.categories(),
    };
  }

  async list(kind: Exclude<Kind, 'villages' | 'courtyards'>) {
    await this.organisation.refresh();
    const items = this.records(kind);
    return { items, total: items.length };
  }

  async villages(query: VillageListQuery) {
    await this.organisation.refresh();
    const matching = this.organisation.current().villages.filter((v) => !query.townId || v.townId === query.townId);
    return page(matching, query);
  }

  async courtyards(query: CourtyardListQuery) {
    await this.organisation.refresh();
    const matching = this.organisation
      .current()
      .courtyards.filter((c) => (!query.townId || c.townId === query.townId) && (!query.villageId || c.villageId === query.villageId));
    return page(matching, query);
  }

  async get(kind: Kind, id: string) {
    await this.organisation.refresh();
    const record = this.records(kind).find((r) => r.id === id);
    if (!record) {
      throw new ProblemException({
        type: 'https://bishan.example/problems/not-found',
        title: 'not found',
        status: HttpStatus.NOT_FOUND,
        detail: `no ${kind.replace(/s$/, '').replace(/-/g, ' ')} with id '${id}'`,
        errors: [{ field: 'path.id', message: 'no such record' }],
      });
    }
    return record;
  }

  createTown(actor: Actor, body: CreateTownBody) {
    return this.edit(actor, 'createTown', body.id, body, (r) => r.createTown(body, actor.id), () => this.get('towns', body.id));
  }

  updateTown(actor: Actor, id: string, body: UpdateTownBody) {
    return this.edit(actor, 'updateTown', id, body, (r) => r.updateTown(id, body, actor.id), () => this.get('towns', id));
  }

  createVillage(actor: Actor, body: CreateVillageBody) {
    return this.edit(actor, 'createVillage', body.id, body, (r) => r.createVillage(body, actor.id), () => this.get('villages', body.id));
  }

  updateVillage(actor: Actor, id: string, body: UpdateVillageBody) {
    return this.edit(actor, 'updateVillage', id, body, (r) => r.updateVillage(id, body, actor.id), () => this.get('villages', id));
  }

  createCourtyard(actor: Actor, body: CreateCourtyardBody) {
    return this.edit(actor, 'createCourtyard', body.id, body, (r) => r.createCourtyard(body, actor.id), () => this.get('courtyards', body.id));
  }

  updateCourtyard(actor: Actor, id: string, body: UpdateCourtyardBody) {
    return this.edit(actor, 'updateCourtyard', id, body, (r) => r.updateCourtyard(id, body, actor.id), () => this.get('courtyards', id));
  }

  createDepartment(actor: Actor, body: CreateDepartmentBody) {
    return this.edit(actor, 'createDepartment', body.id, body, (r) => r.createDepartment(body, actor.id), () => this.get('departments', body.id));
  }

  updateDepartment(actor: Actor, id: string, body: UpdateDepartmentBody) {
    return this.edit(actor, 'updateDepartment', id, body, (r) => r.updateDepartment(id, body, actor.id), () => this.get('departments', id));
  }

  updateDistrictLeader(actor: Actor, id: string, body: UpdateDistrictLeaderBody) {
    return this.edit(
      actor,
      'updateDistrictLeader',
      id,
      body,
      (r) => r.updateDistrictLeader(id, body, actor.id),
      () => this.get('district-leaders', id),
    );
  }

  private records(kind: Kind): readonly { readonly id: string }[] {
    const org = this.organisation.current();
    switch (kind) {
      case 'towns':
        return org.towns;
      case 'villages':
        return org.villages;
      case 'courtyards':
        return org.courtyards;
      case 'departments':
        return org.departments;
      case 'district-leaders':
        return org.districtLeaders;
      case 'top-district-leaders':
        return org.topDistrictLeaders;
    }
  }

  /** Applies one edit with its audit entry, logs it, reloads this instance and answers the record as stored. */
  private async edit<T>(
    actor: Actor,
    operation: string,
    id: string,
    body: object,
    change: (repository: OrganisationRepository) => Promise<void>,
    read: () => Promise<T>,
  ): Promise<T> {
    const audit = { event: 'organisation.edit', operation, id, adminId: actor.id, changes: body };
    const entry = { actor, action: `organisation.${operation}`, target: `${targetKindOf[operation] ?? 'record'}:${id}`, data: body };
    try {
      await change(this.organisation.edits.withinEdit((tx) => this.audit.appendIn(tx, entry)));
    } catch (error) {
      if (!(error instanceof OrganisationEditRefused)) throw error;
      this.logger.warn({ ...audit, outcome: 'refused', field: error.field, reason: error.message });
      // A missing target is named by the path; everything else by the body field that referred to it.
      const field = error.refusal === 'not-found' ? 'path.id' : `body.${error.field}`;
      throw new ProblemException({
        type: `https://bishan.example/problems/organisation-${error.refusal}`,
        title: `organisation edit refused (${error.refusal})`,
        status: statusOf[error.refusal],
        detail: `${field}: ${error.message}`,
        errors: [{ field, message: error.message }],
      });
    }
    await this.organisation.reload();
    this.logger.log({ ...audit, outcome: 'applied', revision: this.organisation.revision() });
    return read();
  }
}

function page<T>(items: readonly T[], query: { limit: number; offset: number }) {
  return { items: items.slice(query.offset, query.offset + query.limit), total: items.length, limit: query.limit, offset: query.offset };
}
