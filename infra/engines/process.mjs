// Process plumbing shared by all engines: detached spawn, pid files, port probes,
// process-group stop, a cross-process lock and cached installs.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST, LOGS_DIR, RUN_DIR, logFile, pidFile, rel } from './paths.mjs';

/** Failure whose message is meant to be shown to a person as-is (one line). */
export class EngineError extends Error {}

export function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

/** Resolves a prerequisite on PATH or fails with one line saying how to get it. */
export function requireCommand(cmd, hint) {
  const found = which(cmd);
  if (!found) throw new EngineError(`${cmd} not found: ${hint}`);
  return found;
}

/** Runs a command to completion, capturing output; never throws for a non-zero exit. */
export function run(cmd, args, { cwd, env, timeoutMs = 0 } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : null;
    child.on('error', (err) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, stdout, stderr: String(err) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Like run(), but a failure becomes an EngineError carrying the last meaningful output line. */
export async function runOrThrow(what, cmd, args, options) {
  const res = await run(cmd, args, options);
  if (res.code !== 0) {
    const lastLine = lastNonEmptyLine(`${res.stdout}\n${res.stderr}`);
    throw new EngineError(`${what} failed (exit ${res.code})${lastLine ? `: ${lastLine}` : ''}`);
  }
  return res;
}

function lastNonEmptyLine(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length ? lines[lines.length - 1].slice(0, 300) : '';
}

export function isPortOpen(port, host = HOST, timeoutMs = 1000) {
  return new Promise((resolvePromise) => {
    const socket = net.connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolvePromise(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls `check` until it returns truthy. `abortReason` is polled too so a process that
 * died during startup fails fast instead of running out the whole timeout.
 */
export async function waitUntil(check, { timeoutMs, intervalMs = 500, abortReason = () => null, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const reason = abortReason();
    if (reason) throw new EngineError(reason);
    if (Date.now() >= deadline) throw new EngineError(`${what} within ${Math.round(timeoutMs / 1000)}s`);
    await sleep(intervalMs);
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  return procState(pid)?.state !== 'Z';
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  return !onlyZombiesLeft(pgid);
}

// A killed engine whose parent has not reaped it yet still answers kill(), and in containers
// whose pid 1 reaps lazily that can last seconds. /proc tells zombies apart (Linux only;
// elsewhere everything that answers kill() counts as alive).
function procState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, pgrp: Number(pgrp) };
  } catch {
    return null;
  }
}

function onlyZombiesLeft(pgid) {
  let pids;
  try {
    pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
  return !pids.some((pid) => {
    const st = procState(pid);
    return st && st.pgrp === pgid && st.state !== 'Z';
  });
}

/**
 * The engine process we started, as recorded in its pid file: { pid, ports } or null.
 * A pid file naming a dead process is removed. Ports are recorded so a later call with
 * different port settings can tell "ours, elsewhere" from "ours, here".
 */
export function readOwned(name) {
  const file = pidFile(name);
  let pid;
  let ports;
  try {
    const [pidText, portsText = ''] = readFileSync(file, 'utf8').split('\n');
    pid = Number.parseInt(pidText, 10);
    ports = portsText.split(',').filter(Boolean).map(Number);
  } catch {
    return null;
  }
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { pid, ports };
  rmSync(file, { force: true });
  return null;
}

export function removePidFile(name) {
  rmSync(pidFile(name), { force: true });
}

/**
 * Starts a long-running server in its own session/process group so it outlives the caller
 * and can be stopped as a unit. Output is appended to .local/logs/<name>.log.
 * Returns the pid and a function reporting how the process ended, if it already has.
 */
export function spawnDetached(name, cmd, args, { cwd, env, ports = [] } = {}) {
  mkdirSync(LOGS_DIR, { recursive: true });
  mkdirSync(RUN_DIR, { recursive: true });
  rotateIfLarge(logFile(name));
  const fd = openSync(logFile(name), 'a');
  writeSync(fd, `\n--- ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
  let child;
  try {
    child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  let ended = null;
  child.on('exit', (code, signal) => {
    ended = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.on('error', (err) => {
    ended = err.message;
  });
  child.unref();
  if (child.pid) writeFileSync(pidFile(name), `${child.pid}\n${ports.join(',')}\n`);
  return { pid: child.pid, ended: () => ended };
}

const MAX_LOG_BYTES = 20 * 1024 * 1024;

// Logs are appended across restarts; keep one previous generation so they cannot grow forever.
function rotateIfLarge(file) {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    /* no log yet */
  }
}

/** SIGTERM the whole group, escalate to SIGKILL after `timeoutMs`. */
export async function stopGroup(pgid, { timeoutMs = 20_000 } = {}) {
  const signalGroup = (sig) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(200);
  if (!groupAlive(pgid)) return 'terminated';
  signalGroup('SIGKILL');
  const killDeadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(100);
  return 'killed';
}

/** Waits until none of the ports accept connections, so callers can rely on them being free. */
export async function waitPortsClosed(ports, what, timeoutMs = 10_000) {
  await waitUntil(async () => !(await anyOpen(ports)), {
    timeoutMs,
    intervalMs: 200,
    what: `${what}: port(s) ${ports.join(', ')} still listening`,
  });
}

async function anyOpen(ports) {
  const open = await Promise.all(ports.map((p) => isPortOpen(p)));
  return open.some(Boolean);
}

export async function firstOpenPort(ports) {
  for (const p of ports) if (await isPortOpen(p)) return p;
  return null;
}

// ---------------------------------------------------------------------------------------
// Cross-process lock: a file created with O_EXCL holding the owner's pid. A lock whose
// owner is dead (e.g. an `up` killed with ^C) is taken over; an empty lock file is only
// treated as stale once it is a few seconds old, because the owner writes its pid right
// after creating it.

const STALE_EMPTY_LOCK_MS = 5000;

function tryCreateLock(file) {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if (err.code === 'EEXIST') return false;
    throw err;
  }
}

function readLock(file) {
  try {
    const text = readFileSync(file, 'utf8');
    return { text, pid: Number.parseInt(text, 10), mtimeMs: statSync(file).mtimeMs };
  } catch {
    return null; // vanished meanwhile
  }
}

function isStale(lock) {
  if (Number.isInteger(lock.pid) && lock.pid > 0) return !isAlive(lock.pid);
  return Date.now() - lock.mtimeMs > STALE_EMPTY_LOCK_MS;
}

function removeIfUnchanged(file, seen) {
  // Re-read right before unlinking so we don't delete a lock someone else just took over.
  const now = readLock(file);
  if (now && now.text === seen.text && now.mtimeMs === seen.mtimeMs) {
    try {
      unlinkSync(file);
    } catch {
      /* someone else removed it */
    }
  }
}

export async function withLock(lockName, fn, { timeoutMs = 15 * 60_000, log } = {}) {
  mkdirSync(RUN_DIR, { recursive: true });
  const file = join(RUN_DIR, `${lockName}.lock`);
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  while (!tryCreateLock(file)) {
    const lock = readLock(file);
    if (lock && isStale(lock)) {
      removeIfUnchanged(file, lock);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new EngineError(`timed out waiting for lock ${rel(file)} held by pid ${lock?.pid || '?'}`);
    }
    if (!announced && log) {
      log(`waiting for another process (pid ${lock?.pid || '?'}) holding ${rel(file)}`);
      announced = true;
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

// dir -> promise, so engines sharing an install within one process share one attempt
const installsInFlight = new Map();

/**
 * Runs `install(dir, await prerequisites())` once per `dir` and `recipe` (what gets
 * installed, e.g. package pins). The marker holding the recipe is written only after
 * success, so an interrupted install (no marker) or a changed recipe (different marker) is
 * wiped and redone. Serialised by a lock because several engines can share one install
 * (Temporal server + test server).
 */
export function installOnce({ dir, recipe, label, log, prerequisites = async () => {}, install }) {
  if (isInstalled(dir, recipe)) return Promise.resolve();
  if (!installsInFlight.has(dir)) {
    const attempt = lockedInstall({ dir, recipe, label, log, prerequisites, install });
    installsInFlight.set(
      dir,
      attempt.finally(() => installsInFlight.delete(dir)),
    );
  }
  return installsInFlight.get(dir);
}

const markerFile = (dir) => join(dir, '.installed');

function isInstalled(dir, recipe) {
  try {
    return readFileSync(markerFile(dir), 'utf8') === recipe;
  } catch {
    return false;
  }
}

async function lockedInstall({ dir, recipe, label, log, prerequisites, install }) {
  const lockName = `install-${dir.split(/[\\/]/).pop()}`;
  await withLock(
    lockName,
    async () => {
      if (isInstalled(dir, recipe)) return; // another process finished it while we waited
      const tools = await prerequisites(); // before wiping anything: a missing tool should cost nothing
      log(`installing ${label} into ${rel(dir)} (first run only)`);
      const started = Date.now();
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await install(dir, tools);
      writeFileSync(markerFile(dir), recipe);
      log(`installed ${label} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    },
    { log },
  );
}

/**
 * The most telling line of the latest run in an engine's log, so a startup failure is
 * actionable without opening it: the last exception/error message rather than the last
 * stack frame.
 */
export function lastLogLine(name) {
  let text;
  try {
    text = readFileSync(logFile(name), 'utf8').slice(-16_384);
  } catch {
    return '';
  }
  const run = text.slice(text.lastIndexOf('\n--- ') + 1);
  const lines = run
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  const telling = lines.filter((l) => /exception|error|fatal|panic/i.test(l)).pop() ?? lines.pop() ?? '';
  return telling.slice(0, 300);
}
