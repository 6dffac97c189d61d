// Runs a command with the engines up: starts (or reuses) the Temporal dev server and the Kafka
// broker on loopback, installing them on first use, exports their addresses, runs the command,
// and stops only the engines it started. Used by `npm run test:faults`.
//   node test/faults/with-engines.mjs <command> [args…]
// With --binaries-only it installs what is missing and starts nothing: for `npm run bench`, which
// starts throwaway engines of its own (shared ones starting meanwhile would be load in its figures).
//   node test/faults/with-engines.mjs --binaries-only <command> [args…]
import { spawn } from 'node:child_process';
import { install, up } from '../../infra/engines/index.mjs';
import { useProjectNode } from '../../infra/node.mjs';

// Node 24 (infra/node.mjs): on an older Node this re-runs on .local's Node 24 and never returns.
await useProjectNode();

const binariesOnly = process.argv[2] === '--binaries-only';
const [command, ...args] = process.argv.slice(binariesOnly ? 3 : 2);
if (!command) {
  console.error('usage: node test/faults/with-engines.mjs [--binaries-only] <command> [args…]');
  process.exit(2);
}

let engines = [];
let env = process.env;
if (binariesOnly) {
  await install(['temporal', 'kafka']);
} else {
  engines = await up(['temporal', 'kafka']);
  const address = (name) => engines.find((e) => e.name === name).address;
  env = { ...process.env, TEMPORAL_ADDRESS: address('temporal'), KAFKA_BROKERS: address('kafka') };
}
const child = spawn(command, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await Promise.allSettled(engines.map((e) => e.stop()));
process.exit(code);
