import { Inject, Injectable } from '@nestjs/common';
import { pinnedPolicyReader, type Database } from '@bishan/db';
import {
  availableActions,
  type Actor,
  type CaseActionType,
  type CasePolicy,
  type CaseView,
} from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import { OrganisationStore } from '../organisation/organisation.store';

/** A case as the read model holds it: its view, and the residents who reported it (they rate it). */
export interface RecordedCase {
  readonly view: CaseView;
  readonly reporterIds: readonly string[];
}

/**
 * What a reader may do on cases as the read model holds them: the console offers exactly these. Each
 * case is judged under the organisation as it is now and the policy the case is pinned to (its
 * limits, such as how many extensions it may have). The workflow's rules decide each action when it
 * arrives (the case may have moved on meanwhile).
 */
@Injectable()
export class OfferedActions {
  private readonly pinnedPolicy: (version: string) => Promise<CasePolicy>;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly organisation: OrganisationStore,
  ) {
    this.pinnedPolicy = pinnedPolicyReader(db);
  }

  async forCase(recorded: RecordedCase, actor: Actor): Promise<readonly CaseActionType[]> {
    const [actions] = await this.forCases([recorded], actor);
    return actions ?? [];
  }

  /** In the order given; a page's cases share a handful of policy versions, each read once. */
  async forCases(recorded: readonly RecordedCase[], actor: Actor): Promise<(readonly CaseActionType[])[]> {
    const directory = this.organisation.directory();
    const versions = [...new Set(recorded.map(({ view }) => view.policyVersion))];
    const policies = new Map(
      await Promise.all(versions.map(async (v) => [v, await this.pinnedPolicy(v)] as const)),
    );
    return recorded.map(({ view, reporterIds }) =>
      availableActions(view, actor, {
        directory,
        policy: policies.get(view.policyVersion) as CasePolicy,
        reporterIds,
      }),
    );
  }
}
