import { randomUUID } from 'node:crypto';
import { devTokenAudience, devTokenIssuer } from '@bishan/config';
import { bishanOrganisation, seedUsers } from '@bishan/db';
import type { Role } from '@bishan/domain';
import { issueDevToken } from '../../services/case-api/src/auth/dev-token-issuer';
import type { Person } from './bishan-actors';

/**
 * A development signing secret for one stack. Every service of the stack gets it as DEV_AUTH_SECRET,
 * so the notification and reporting services verify the tokens the case API's dev login signs.
 */
export function devAuthSecret(label: string): string {
  return `${label}-dev-auth-${randomUUID()}`;
}

/**
 * A token as the dev login would sign it, for a stack without the case API (reporting alone): with
 * the person's place in the embedded organisation, which the services check the token against.
 */
export async function signedToken(secret: string, person: Person): Promise<string> {
  const scope = seedUsers(bishanOrganisation()).find((user) => user.id === person.id)?.scope ?? {};
  const issued = await issueDevToken(
    { id: person.id, role: person.role as Role, ...scope },
    new TextEncoder().encode(secret),
    { issuer: devTokenIssuer, audience: devTokenAudience, tokenTtlSeconds: 3600 },
  );
  return issued.accessToken;
}
