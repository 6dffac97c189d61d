// Programmatic API for the test runner and the `npm start` orchestrator.
//
//   const engines = await up(['temporal', 'kafka']);
//   // → [{ name, status: 'started'|'reused', address, uiUrl?, pid?, startMs?, stop }]
//   await Promise.all(engines.map((e) => e.stop()));   // stop() is a no-op for reused engines
//
// Options (all optional, env var in brackets): temporalPort [TEMPORAL_PORT], temporalUiPort
// [TEMPORAL_UI_PORT], temporalTestPort [TEMPORAL_TEST_PORT], kafkaPort [KAFKA_PORT],
// kafkaControllerPort [KAFKA_CONTROLLER_PORT], dataDir [ENGINES_DATA_DIR], startTimeoutMs,
// log (progress lines; default stderr).
import { downEngine, engineStatus, installEngine, upEngine } from './lifecycle.mjs';
import { resolveConfig } from './paths.mjs';
import { EngineError } from './process.mjs';
import { kafkaEngine } from './kafka.mjs';
import { temporalEngine, temporalTestEngine } from './temporal.mjs';

export { EngineError };

const FACTORIES = {
  temporal: temporalEngine,
  'temporal-test': temporalTestEngine,
  kafka: kafkaEngine,
};

export const ENGINE_NAMES = Object.freeze(Object.keys(FACTORIES));
export const DEFAULT_UP = Object.freeze(['temporal', 'kafka']);

function engines(names, opts) {
  const unknown = names.filter((n) => !FACTORIES[n]);
  if (unknown.length) {
    throw new EngineError(`unknown engine ${unknown.join(', ')} (known: ${ENGINE_NAMES.join(', ')})`);
  }
  let cfg;
  try {
    cfg = resolveConfig(opts);
  } catch (err) {
    throw new EngineError(err.message); // bad port setting: a message for people, not a bug
  }
  return { cfg, list: [...new Set(names)].map((n) => FACTORIES[n](cfg)) };
}

/**
 * Brings engines up in parallel. All-or-nothing: if any fails, the ones this call started are
 * stopped again and the first error is thrown (an EngineError with a one-line message).
 */
export async function up(names = DEFAULT_UP, opts = {}) {
  const { cfg, list } = engines(names, opts);
  const settled = await Promise.allSettled(list.map((e) => upEngine(e, cfg.log)));
  const withStop = settled.map((s, i) => s.status === 'fulfilled' && attachStop(s.value, list[i], cfg.log));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.allSettled(withStop.filter(Boolean).map((r) => r.stop()));
    throw failure.reason;
  }
  return withStop;
}

function attachStop(result, engine, log) {
  const owned = result.status === 'started';
  return {
    ...result,
    // Something we merely reused belongs to someone else (or an earlier `up`); leave it running.
    stop: owned
      ? async () => {
          await downEngine(engine, log);
        }
      : async () => {},
  };
}

/**
 * Installs the engines' binaries that are missing (for a run that starts engines of its own, such as
 * the bench's throwaway ones), without starting anything.
 */
export async function install(names = DEFAULT_UP, opts = {}) {
  const { cfg, list } = engines(names, opts);
  await Promise.all(list.map((e) => installEngine(e, cfg.log)));
}

/** Stops what these scripts started → [{ name, status: 'stopped'|'not-running'|'external', address }]. */
export async function down(names = ENGINE_NAMES, opts = {}) {
  const { cfg, list } = engines(names, opts);
  return Promise.all(list.map((e) => downEngine(e, cfg.log)));
}

/** → [{ name, status: 'running'|'external'|'unhealthy'|'stopped', address, uiUrl?, pid? }] */
export async function status(names = ENGINE_NAMES, opts = {}) {
  const { list } = engines(names, opts);
  return Promise.all(list.map((e) => engineStatus(e)));
}
