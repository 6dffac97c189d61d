import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, OrganisationEditRefused, type Database } from '@bishan/db';
import { type Actor, type OrganisationEdit, type OrganisationEditRefusalCode, editedRecord } from '@bishan/domain';
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

const statusOf: Record<OrganisationEditRefusalCode, HttpStatus> = {
  'not-found': HttpStatus.NOT_FOUND,
  'already-exists': HttpStatus.CONFLICT,
  'invalid-reference': HttpStatus.UNPROCESSABLE_ENTITY,
};

type Kind = 'towns' | 'villages' | 'courtyards' | 'departments' | 'district-leaders' | 'top-district-leaders';

/** Where the edited record is read back from. */
const listOf: Record<ReturnType<typeof editedRecord>['kind'], Kind> = {
  town: 'towns',
  village: 'villages',
  courtyard: 'courtyards',
  department: 'departments',
  districtLeader: 'district-leaders',
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
    return this.edit(actor, { type: 'createTown', town: body }, body);
  }

  updateTown(actor: Actor, id: string, body: UpdateTownBody) {
    return this.edit(actor, { type: 'updateTown', id, changes: body }, body);
  }

  createVillage(actor: Actor, body: CreateVillageBody) {
    return this.edit(actor, { type: 'createVillage', village: body }, body);
  }

  updateVillage(actor: Actor, id: string, body: UpdateVillageBody) {
    return this.edit(actor, { type: 'updateVillage', id, changes: body }, body);
  }

  createCourtyard(actor: Actor, body: CreateCourtyardBody) {
    return this.edit(actor, { type: 'createCourtyard', courtyard: body }, body);
  }

  updateCourtyard(actor: Actor, id: string, body: UpdateCourtyardBody) {
    return this.edit(actor, { type: 'updateCourtyard', id, changes: body }, body);
  }

  createDepartment(actor: Actor, body: CreateDepartmentBody) {
    return this.edit(actor, { type: 'createDepartment', department: body }, body);
  }

  updateDepartment(actor: Actor, id: string, body: UpdateDepartmentBody) {
    return this.edit(actor, { type: 'updateDepartment', id, changes: body }, body);
  }

  updateDistrictLeader(actor: Actor, id: string, body: UpdateDistrictLeaderBody) {
    return this.edit(actor, { type: 'updateDistrictLeader', id, changes: body }, body);
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
  private async edit(actor: Actor, edit: OrganisationEdit, body: object) {
    const { kind, id } = editedRecord(edit);
    const audit = { event: 'organisation.edit', operation: edit.type, id, adminId: actor.id, changes: body };
    const entry = { actor, action: `organisation.${edit.type}`, target: `${kind}:${id}`, data: body };
    try {
      await this.organisation.edits.withinEdit((tx) => this.audit.appendIn(tx, entry)).apply(edit, actor.id);
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
        // The refusal's code, for a form in the reader's language.
        errors: [{ field, message: error.message, code: error.refusal }],
      });
    }
    await this.organisation.reload();
    this.logger.log({ ...audit, outcome: 'applied', revision: this.organisation.revision() });
    return this.get(listOf[kind], id);
  }
}

function page<T>(items: readonly T[], query: { limit: number; offset: number }) {
  return { items: items.slice(query.offset, query.offset + query.limit), total: items.length, limit: query.limit, offset: query.offset };
}
