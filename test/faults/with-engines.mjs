// Runs a command with the engines up: starts (or reuses) the Temporal dev server and the Kafka
// broker on loopback, installing them on first use, exports their addresses, runs the command,
// and stops only the engines it started. Used by `npm run test:faults` and `npm run bench`.
//   node test/faults/with-engines.mjs <command> [args…]
import { spawn } from 'node:child_process';
import { up } from '../../infra/engines/index.mjs';
import { useProjectNode } from '../../infra/node.mjs';

// Node 24 (infra/node.mjs): on an older Node this re-runs on .local's Node 24 and never returns.
await useProjectNode();

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node test/faults/with-engines.mjs <command> [args…]');
  process.exit(2);
}

const engines = await up(['temporal', 'kafka']);
const address = (name) => engines.find((e) => e.name === name).address;
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, TEMPORAL_ADDRESS: address('temporal'), KAFKA_BROKERS: address('kafka') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await Promise.allSettled(engines.map((e) => e.stop()));
process.exit(code);
