#!/usr/bin/env node
// node infra/prod-like/cli.mjs up|down|status [engine…]
//                              stop|start <engine>       (one engine, e.g. prod-kafka-2 or prod-temporal)
//                              env                        (the services' environment, as shell exports)
import { PROD_ENGINE_NAMES, EngineError, down, serviceEnvironment, startEngine, status, stopEngine, up } from './index.mjs';

const line = (r) =>
  [r.name.padEnd(16), r.status.padEnd(12), r.address, r.pid ? `pid ${r.pid}` : '', r.startMs !== undefined ? `(${(r.startMs / 1000).toFixed(1)}s)` : '', r.note ? `— ${r.note}` : '']
    .filter(Boolean)
    .join('  ');

const quote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;

async function main() {
  const [command, ...names] = process.argv.slice(2);
  const some = names.length ? names : PROD_ENGINE_NAMES;
  switch (command) {
    case 'up':
      (await up(some)).forEach((r) => console.log(line(r)));
      return 0;
    case 'down':
      (await down(some)).forEach((r) => console.log(line(r)));
      return 0;
    case 'status':
      (await status(some)).forEach((r) => console.log(line(r)));
      return 0;
    case 'stop':
    case 'start':
      if (names.length !== 1) break;
      console.log(line(await (command === 'stop' ? stopEngine : startEngine)(names[0])));
      return 0;
    case 'env':
      for (const [k, v] of Object.entries(serviceEnvironment())) console.log(`export ${k}=${quote(v)}`);
      return 0;
    default:
  }
  console.error(`usage: node infra/prod-like/cli.mjs up|down|status [${PROD_ENGINE_NAMES.join('|')}…] | stop|start <engine> | env`);
  return 2;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof EngineError || error?.code ? `prod-like: ${error.message}` : error);
  process.exitCode = 1;
}
