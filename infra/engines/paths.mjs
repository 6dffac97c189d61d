// Where everything lives, and the effective configuration.
// Paths are derived from this file's location (not the cwd) so the scripts work
// from any directory in any clone.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LOCAL_DIR = join(REPO_ROOT, '.local');
export const ENGINES_DIR = join(LOCAL_DIR, 'engines');
export const RUN_DIR = join(LOCAL_DIR, 'run');
export const LOGS_DIR = join(LOCAL_DIR, 'logs');

export const HOST = '127.0.0.1';

export const VERSIONS = Object.freeze({
  temporalCli: '1.9.1',
  temporalTestServer: '1.40.0',
  kafka: '3.9.1',
});

/** Repo-relative form of a path, for messages people read. */
export function rel(path) {
  const r = relative(REPO_ROOT, path);
  return r.startsWith('..') ? path : r;
}

export const pidFile = (name) => join(RUN_DIR, `${name}.pid`);
export const logFile = (name) => join(LOGS_DIR, `${name}.log`);

function intSetting(optValue, envName, fallback) {
  const raw = optValue ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    throw new Error(`invalid port ${JSON.stringify(raw)} for ${envName}`);
  }
  return n;
}

/**
 * Effective settings: explicit option > environment variable > default.
 * A relative ENGINES_DATA_DIR is taken relative to the repo root, like every other path here.
 */
export function resolveConfig(opts = {}) {
  const dataRaw = opts.dataDir ?? process.env.ENGINES_DATA_DIR ?? join(LOCAL_DIR, 'data');
  const dataDir = isAbsolute(dataRaw) ? dataRaw : resolve(REPO_ROOT, dataRaw);
  return {
    dataDir,
    temporalPort: intSetting(opts.temporalPort, 'TEMPORAL_PORT', 7233),
    temporalUiPort: intSetting(opts.temporalUiPort, 'TEMPORAL_UI_PORT', 8233),
    temporalTestPort: intSetting(opts.temporalTestPort, 'TEMPORAL_TEST_PORT', 7234),
    kafkaPort: intSetting(opts.kafkaPort, 'KAFKA_PORT', 9092),
    kafkaControllerPort: intSetting(opts.kafkaControllerPort, 'KAFKA_CONTROLLER_PORT', 9093),
    startTimeoutMs: opts.startTimeoutMs,
    log: opts.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}
