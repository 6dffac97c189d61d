import { SignJWT } from 'jose';
import { bishanOrganisation, type BishanOrganisation } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { organisationGrants } from './organisation-grants';
import { TokenVerifier } from './token-verifier';

const org = bishanOrganisation();
const grants = organisationGrants(async () => org, ['admin']);

describe('role and place checked against the organisation', () => {
  it('accepts what the organisation gives', async () => {
    const given: Actor[] = [
      { id: 'laifeng-secretary', role: 'town-triage', townId: 'laifeng' },
      { id: 'laifeng-secretary', role: 'town-leader', townId: 'laifeng' },
      { id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' },
      { id: 'power-supply-handler-1', role: 'department-handler', departmentId: 'power-supply' },
      { id: 'dl-09', role: 'district-leader' },
      { id: 'admin', role: 'admin' },
      { id: 'someone-online', role: 'resident', townId: 'laifeng', villageId: 'dengfeng' },
      { id: 'someone-else', role: 'resident' },
    ];
    for (const actor of given) await expect(grants(actor)).resolves.toBeNull();
  });

  it('refuses a role the organisation does not give that person, or another place', async () => {
    const refused: [Actor, RegExp][] = [
      [{ id: 'dengfeng-secretary', role: 'district-leader' }, /does not give 'dengfeng-secretary' the role district-leader/],
      [{ id: 'resident-dengfeng-1', role: 'admin' }, /not an administrator/],
      [{ id: 'nobody', role: 'town-triage', townId: 'laifeng' }, /does not give 'nobody'/],
      [{ id: 'laifeng-secretary', role: 'town-triage', townId: 'dingjia' }, /townId \(dingjia\) is not the organisation's \(laifeng\)/],
      [{ id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng' }, /villageId \(none\)/],
      [{ id: 'power-supply-handler-1', role: 'department-handler', departmentId: 'water-supply' }, /departmentId/],
      [{ id: 'admin', role: 'admin', townId: 'laifeng' }, /holds no town/],
      [{ id: 'r', role: 'resident', villageId: 'atlantis' }, /no village 'atlantis'/],
      [{ id: 'r', role: 'resident', townId: 'dingjia', villageId: 'dengfeng' }, /does not lie in town 'dingjia'/],
      [{ id: 'r', role: 'resident', departmentId: 'power-supply' }, /no department/],
    ];
    for (const [actor, reason] of refused) await expect(grants(actor)).resolves.toMatch(reason);
  });

  it('reads the organisation at most once per maximum age, and again before refusing', async () => {
    let now = 0;
    let current: BishanOrganisation = org;
    let loads = 0;
    const check = organisationGrants(
      async () => {
        loads += 1;
        return current;
      },
      ['admin'],
      { maxAgeMs: 5_000, now: () => now },
    );
    const triage: Actor = { id: 'laifeng-secretary', role: 'town-triage', townId: 'laifeng' };
    await expect(check(triage)).resolves.toBeNull();
    await expect(check(triage)).resolves.toBeNull();
    expect(loads).toBe(1);
    // Removed from triage: the cached copy still says yes until it is old.
    current = { ...org, towns: org.towns.map((t) => (t.id === 'laifeng' ? { ...t, triageMemberIds: [] } : t)) };
    now = 4_000;
    await expect(check(triage)).resolves.toBeNull();
    now = 6_000;
    await expect(check(triage)).resolves.toMatch(/does not give/);
    // Appointed again: a refusal by the cached copy is read again at once.
    current = org;
    now = 7_000;
    await expect(check(triage)).resolves.toBeNull();
    expect(loads).toBe(4);
  });

  it('makes the verifier refuse a signed token whose role the organisation does not give', async () => {
    const secret = new TextEncoder().encode('a development secret of at least 32 bytes');
    const config = { mode: 'development', issuer: 'bishan-dev-login', audience: 'bishan-case-api' } as const;
    const verifier = new TokenVerifier(config, secret, grants);
    const sign = (role: string, sub: string) =>
      new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setSubject(sub)
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setExpirationTime('1h')
        .sign(secret);
    await expect(verifier.verify(await sign('admin', 'admin'))).resolves.toEqual({ id: 'admin', role: 'admin' });
    await expect(verifier.verify(await sign('admin', 'resident-dengfeng-1'))).rejects.toThrow(
      "the token's role is refused: 'resident-dengfeng-1' is not an administrator (AUTH_ADMIN_IDS)",
    );
  });
});
