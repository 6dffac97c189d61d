// Debian's PostgreSQL for the e2e pass against PostgreSQL: checks it is installed, starts the
// cluster if it is down (listening on 127.0.0.1 only), creates the `bishan` role (CREATEDB) if it
// is missing and prints the URL tests use as TEST_POSTGRES_URL.
//
//   node infra/postgres.mjs     → postgresql://bishan:bishan@127.0.0.1:5432/postgres
//
// Plain Node with no dependencies, like infra/engines/*.mjs. Needs root (or passwordless sudo) to
// act as the `postgres` user; `.ci/run` installs the package when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { which } from './engines/process.mjs';

const ROLE = 'bishan';
const PASSWORD = 'bishan';
const HOST = '127.0.0.1';

class PostgresError extends Error {}

function sh(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new PostgresError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new PostgresError(
      `${[command, ...args].join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`,
    );
  }
  return result.stdout.trim();
}

/** psql as the `postgres` superuser, through `su` (root) or `sudo -n`. */
function psql(sql, port) {
  const command = `psql -X -q -t -A -p ${port} -c "${sql}"`;
  return process.getuid?.() === 0
    ? sh('su', ['postgres', '-c', command])
    : sh('sudo', ['-n', '-u', 'postgres', 'sh', '-c', command]);
}

/** Debian's cluster: `<version> main`, its port and whether it is online. */
function cluster() {
  const versions = existsSync('/etc/postgresql')
    ? readdirSync('/etc/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new PostgresError('no PostgreSQL cluster in /etc/postgresql: apt-get install -y postgresql');
  const version = versions[0];
  const line = sh('pg_lsclusters', ['-h'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([v, name]) => v === version && name === 'main');
  if (!line) throw new PostgresError(`no cluster ${version}/main: pg_createcluster ${version} main`);
  return { version, port: Number(line[2]), online: line[3] === 'online' };
}

/** The running cluster's port (after ensurePostgres). */
export function postgresPort() {
  return cluster().port;
}

/**
 * A login role with CREATEDB for another user of the same cluster (the production-like Temporal
 * server); its password is (re)set to the one given, which must be plain [A-Za-z0-9].
 */
export function ensureRole(role, password) {
  if (!/^[a-z_][a-z0-9_]*$/.test(role) || !/^[A-Za-z0-9]+$/.test(password))
    throw new PostgresError(`refusing role ${role}: names are [a-z0-9_], passwords [A-Za-z0-9]`);
  const { port } = cluster();
  const verb = psql(`SELECT 1 FROM pg_roles WHERE rolname = '${role}'`, port) === '1' ? 'ALTER' : 'CREATE';
  psql(`${verb} ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'`, port);
}

export function ensurePostgres() {
  if (!which('pg_ctlcluster'))
    throw new PostgresError('pg_ctlcluster not found: apt-get install -y postgresql');
  let { version, port, online } = cluster();
  if (!online) {
    // Loopback only; Debian's postgresql.conf includes conf.d/*.conf.
    writeFileSync(
      join('/etc/postgresql', version, 'main/conf.d/bishan-loopback.conf'),
      `listen_addresses = '${HOST}'\n`,
    );
    sh('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    ({ port, online } = cluster());
    if (!online) throw new PostgresError(`PostgreSQL ${version}/main did not come online`);
  }
  if (psql(`SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}'`, port) !== '1') {
    psql(`CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${PASSWORD}'`, port);
  }
  return `postgresql://${ROLE}:${PASSWORD}@${HOST}:${port}/postgres`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(ensurePostgres());
  } catch (error) {
    if (!(error instanceof PostgresError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
