// What a production process refuses about authentication, checked while the environment is parsed
// (appConfigSchema), so every service and the console stop at start-up with one line naming it.

/** The parsed variables these checks read; secrets are every variable named *_SECRET, *_PASSWORD or *_TOKEN. */
export interface AuthSafetyEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  AUTH_MODE: 'development' | 'oidc';
  ALLOW_DEV_LOGIN?: '0' | '1';
  DEV_AUTH_SECRET?: string;
  [name: string]: unknown;
}

export interface AuthSafetyIssue {
  variable: string;
  message: string;
}

/**
 * Placeholders people copy from examples, and the words such placeholders are made of. A real secret
 * is random (`openssl rand -hex 32`): it never matches these, and has many distinct characters.
 */
const placeholderSecrets = [/change.?(it|me|this)/i, /example/i, /placeholder/i, /default/i, /dummy/i, /insecure/i];

/** A secret nobody should run a district on: a known placeholder, or too few distinct characters. */
export function isDefaultSecret(value: string): boolean {
  return new Set(value).size < 10 || placeholderSecrets.some((pattern) => pattern.test(value));
}

/**
 * With NODE_ENV=production: the development login (anyone signs in as anyone, admin included) only
 * with the explicit ALLOW_DEV_LOGIN=1, and then only with a DEV_AUTH_SECRET of its own — a process
 * secret would not be shared by the services, a placeholder lets anyone forge tokens. No secret of
 * any kind may be a placeholder. Outside production nothing is refused: `npm start` and the test
 * stacks run unset or `test`.
 */
export function authSafetyIssues(env: AuthSafetyEnv): AuthSafetyIssue[] {
  if (env.NODE_ENV !== 'production') return [];
  const issues: AuthSafetyIssue[] = [];
  if (env.AUTH_MODE === 'development') {
    if (env.ALLOW_DEV_LOGIN !== '1')
      issues.push({
        variable: 'AUTH_MODE',
        message:
          'the development login is refused with NODE_ENV=production: set AUTH_MODE=oidc (ALLOW_DEV_LOGIN=1 runs it anyway, for a demonstration)',
      });
    else if (!env.DEV_AUTH_SECRET)
      issues.push({
        variable: 'DEV_AUTH_SECRET',
        message: 'required with NODE_ENV=production and AUTH_MODE=development (the same random value for every service)',
      });
  }
  for (const [variable, value] of Object.entries(env)) {
    if (!/(_SECRET|_PASSWORD|_TOKEN)$/.test(variable) || typeof value !== 'string') continue;
    if (isDefaultSecret(value))
      issues.push({ variable, message: 'looks like a placeholder, not a random secret (e.g. openssl rand -hex 32)' });
  }
  return issues;
}

/**
 * The warning a production process with the development login repeats (at start, then every
 * minute): null for every other configuration.
 */
export function devLoginWarning(config: { env: string; auth: { mode: string } }): string | null {
  if (config.env !== 'production' || config.auth.mode !== 'development') return null;
  return 'ALLOW_DEV_LOGIN=1: the development login is on in production — anyone who reaches the console or the API can sign in as anyone, administrators included';
}
