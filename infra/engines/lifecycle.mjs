// Engine-agnostic up/down/status. Each engine module only describes itself:
//
//   {
//     name, title, address, uiUrl?,
//     ports: [{ port, env }],          // everything it binds; the first one is the main port
//     startTimeoutMs,
//     healthy({ mayInstall }),         // true only if a *working* engine answers on the main port
//     install(),                       // cached, idempotent
//     prepare() -> { cmd, args, cwd?, env? }   // writes config, formats storage, etc.
//   }
import {
  EngineError,
  firstOpenPort,
  isAlive,
  lastLogLine,
  readOwned,
  removePidFile,
  spawnDetached,
  stopGroup,
  waitPortsClosed,
  waitUntil,
  withLock,
} from './process.mjs';
import { logFile, rel } from './paths.mjs';

const portNumbers = (engine) => engine.ports.map((p) => p.port);

function describe(engine, status, extra = {}) {
  const res = { name: engine.name, status, address: engine.address, ...extra };
  if (engine.uiUrl) res.uiUrl = engine.uiUrl;
  return res;
}

/**
 * Starts the engine unless a healthy one already answers (then it is reused and the caller
 * must not stop it). Serialised per engine so concurrent callers never start two servers.
 */
export function upEngine(engine, log) {
  return withLock(
    engine.name,
    async () => {
      const began = Date.now();
      const owned = ownedHere(engine);
      if (await engine.healthy({ mayInstall: true })) {
        return describe(engine, 'reused', owned ? { pid: owned.pid } : {});
      }
      if (owned && (await becameHealthy(engine, owned, log))) {
        return describe(engine, 'reused', { pid: owned.pid });
      }
      await ensurePortsFree(engine);
      await engine.install();
      const { cmd, args, cwd, env } = await engine.prepare();
      const proc = spawnDetached(engine.name, cmd, args, { cwd, env, ports: portNumbers(engine) });
      try {
        await waitHealthy(engine, () => proc.ended());
      } catch (err) {
        if (proc.pid) await stopGroup(proc.pid, { timeoutMs: 5000 });
        removePidFile(engine.name);
        throw new EngineError(`${err.message} — see ${rel(logFile(engine.name))}`);
      }
      return describe(engine, 'started', { pid: proc.pid, startMs: Date.now() - began });
    },
    { log },
  );
}

function waitHealthy(engine, endedReason) {
  return waitUntil(() => engine.healthy({ mayInstall: false }), {
    timeoutMs: engine.startTimeoutMs,
    what: `${engine.name} did not become healthy on ${engine.address}`,
    abortReason: () =>
      endedReason() && `${engine.name} exited during startup (${endedReason()}): ${lastLogLine(engine.name)}`,
  });
}

/**
 * Ours but not answering: most likely still booting after an `up` that was interrupted
 * (the engine is detached, so ^C does not reach it). Give it the normal startup window;
 * if it is hung instead, stop it so a fresh one can be started.
 */
async function becameHealthy(engine, owned, log) {
  log(`${engine.name}: pid ${owned.pid} is running but not healthy yet, waiting for it`);
  try {
    await waitHealthy(engine, () => (isAlive(owned.pid) ? null : 'process gone'));
    return true;
  } catch {
    log(`${engine.name}: pid ${owned.pid} did not become healthy, restarting it`);
    await stopOwned(engine, owned);
    return false;
  }
}

// An unknown recorded port (hand-written pid file) counts as "here".
const elsewhere = (engine, owned) => owned.ports.length > 0 && owned.ports[0] !== engine.ports[0].port;

/**
 * Our recorded process if it serves this engine's configured ports. One instance per engine
 * per checkout (pid file, log file and data dir are per engine), so one started with other
 * ports must be stopped first rather than silently replaced or duplicated.
 */
function ownedHere(engine) {
  const owned = readOwned(engine.name);
  if (!owned || !elsewhere(engine, owned)) return owned;
  throw new EngineError(
    `${engine.name} from this checkout is already running on port ${owned.ports[0]} (pid ${owned.pid}) ` +
      `— run \`node infra/engines/cli.mjs down ${engine.name}\` first`,
  );
}

async function ensurePortsFree(engine) {
  const busy = await firstOpenPort(portNumbers(engine));
  if (busy === null) return;
  const { env } = engine.ports.find((p) => p.port === busy);
  throw new EngineError(
    `port ${busy} is in use by something that is not a healthy ${engine.title} ` +
      `— stop it or pick another port with ${env}`,
  );
}

async function stopOwned(engine, owned) {
  await stopGroup(owned.pid);
  removePidFile(engine.name);
  const ports = owned.ports.length ? owned.ports : portNumbers(engine);
  await waitPortsClosed(ports, `${engine.name} stopped but`);
}

/** Installs the engine's binaries when they are missing, and starts nothing. */
export function installEngine(engine, log) {
  return withLock(engine.name, () => engine.install(), { log });
}

/**
 * Stops the engine only if we started it (pid file), wherever it listens; something else on
 * the port is left alone.
 */
export function downEngine(engine, log) {
  return withLock(
    engine.name,
    async () => {
      const owned = readOwned(engine.name);
      if (owned) {
        await stopOwned(engine, owned);
        return describe(engine, 'stopped');
      }
      if ((await firstOpenPort(portNumbers(engine))) === null) return describe(engine, 'not-running');
      return describe(engine, 'external', { note: 'not started by us, left running' });
    },
    { log },
  );
}

/**
 * Read-only snapshot (no lock, no install):
 * running = ours and healthy, external = healthy but not started by us,
 * unhealthy = something there that does not answer properly, stopped = nothing there.
 */
export async function engineStatus(engine) {
  const owned = readOwned(engine.name);
  if (owned && elsewhere(engine, owned)) {
    return describe(engine, 'stopped', {
      note: `ours is running on port ${owned.ports[0]} (pid ${owned.pid})`,
    });
  }
  const extra = owned ? { pid: owned.pid } : {};
  if ((await firstOpenPort([engine.ports[0].port])) === null) {
    return describe(engine, owned ? 'unhealthy' : 'stopped', extra);
  }
  if (!(await engine.healthy({ mayInstall: false }))) return describe(engine, 'unhealthy', extra);
  return describe(engine, owned ? 'running' : 'external', extra);
}
