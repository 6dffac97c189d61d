#!/usr/bin/env node
// node infra/engines/cli.mjs up|down|status [temporal] [temporal-test] [kafka]
import { DEFAULT_UP, ENGINE_NAMES, EngineError, down, status, up } from './index.mjs';

const COMMANDS = {
  up: (names) => up(names.length ? names : DEFAULT_UP),
  down: (names) => down(names.length ? names : ENGINE_NAMES),
  status: (names) => status(names.length ? names : ENGINE_NAMES),
};

function formatLine(r) {
  const parts = [r.name.padEnd(14), r.status.padEnd(12), r.address];
  if (r.uiUrl && r.status !== 'stopped' && r.status !== 'not-running') parts.push(`ui ${r.uiUrl}`);
  if (r.pid) parts.push(`pid ${r.pid}`);
  if (r.startMs !== undefined) parts.push(`(${(r.startMs / 1000).toFixed(1)}s)`);
  if (r.note) parts.push(`— ${r.note}`);
  return parts.join('  ');
}

async function main() {
  const [command, ...names] = process.argv.slice(2);
  if (!COMMANDS[command]) {
    console.error(`usage: node infra/engines/cli.mjs up|down|status [${ENGINE_NAMES.join('] [')}]`);
    return 2;
  }
  const results = await COMMANDS[command](names);
  for (const r of results) console.log(formatLine(r));
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  // EngineErrors and OS errors (EACCES, ENOSPC, ...) are meaningful as one line; anything else
  // is a bug, so keep its stack.
  console.error(err instanceof EngineError || err?.code ? `engines: ${err.message}` : err);
  process.exitCode = 1;
}
