import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DEV_SIGNING_KEY } from '@bishan/auth';
import type { AppConfig } from '@bishan/config';
import { seedUsers, type BishanOrganisation, type SeedUser } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, ProblemException } from '@bishan/service-runtime';
import { OrganisationStore } from '../../organisation/organisation.store';
import { issueDevToken, type IssuedToken } from '../dev-token-issuer';
import type { DevLoginBody, DevUsersQuery } from './dev-login.schemas';

/** Tokens for the seeded people of every role, so the system can be tried without an identity provider. */
@Injectable()
export class DevLoginHandler {
  /** The people of the organisation last seen, rebuilt when an edit has replaced it. */
  private people: { readonly of: BishanOrganisation; readonly users: readonly SeedUser[] } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEV_SIGNING_KEY) private readonly key: Uint8Array | null,
    private readonly organisation: OrganisationStore,
  ) {}

  private get users(): readonly SeedUser[] {
    const current = this.organisation.current();
    if (this.people?.of !== current) this.people = { of: current, users: seedUsers(current) };
    return this.people.users;
  }

  /** People who can log in (courtyard cadres hold no role in the loop and are left out). */
  listUsers(query: DevUsersQuery) {
    this.requireDevelopmentMode();
    const matching = this.users.filter(
      (u) =>
        u.roles.length > 0 &&
        (!query.role || u.roles.includes(query.role)) &&
        (!query.townId || u.scope.townId === query.townId),
    );
    return {
      items: matching.slice(query.offset, query.offset + query.limit),
      total: matching.length,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async login(body: DevLoginBody): Promise<IssuedToken & { actor: Actor }> {
    const key = this.requireDevelopmentMode();
    const user = this.users.find((u) => u.id === body.userId);
    if (!user) throw problem(HttpStatus.NOT_FOUND, 'unknown user', `no seed user with id '${body.userId}'`);
    const [firstRole] = user.roles;
    if (!firstRole) {
      throw problem(
        HttpStatus.FORBIDDEN,
        'user cannot log in',
        `'${user.id}' is a courtyard cadre: cadres attend meetings but hold no role in the case loop`,
      );
    }
    const role = body.role ?? firstRole;
    if (!user.roles.includes(role)) {
      throw problem(
        HttpStatus.BAD_REQUEST,
        'role not held',
        `'${user.id}' does not hold role '${role}'; choose one of ${user.roles.join(', ')}`,
      );
    }
    const actor: Actor = { id: user.id, role, name: user.name, ...user.scope };
    return { ...(await issueDevToken(actor, key, this.config.auth)), actor };
  }

  private requireDevelopmentMode(): Uint8Array {
    // In oidc mode the development login does not exist, and says nothing more than that.
    if (this.config.auth.mode !== 'development' || !this.key)
      throw problem(HttpStatus.NOT_FOUND, 'not found', 'no such endpoint');
    return this.key;
  }
}

function problem(status: HttpStatus, title: string, detail: string): ProblemException {
  return new ProblemException({
    type: `https://bishan.example/problems/${title.replace(/ /g, '-')}`,
    title,
    status,
    detail,
  });
}
