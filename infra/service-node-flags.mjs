import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './engines/paths.mjs';

/**
 * Node flags a service's process starts with, from infra/service-node-flags.json — the one list
 * `npm start`, the production-like stack, the test stacks (libs/testing service-process.ts) and the
 * image's commands (infra/docker/Dockerfile, checked by test/deploy/dockerfile.spec.ts) all use.
 *
 * The case worker's main thread gets 16 MiB semi-spaces: V8 sizes its young generation from the
 * host's memory before any code runs (128 MiB of new space on a 24 GiB machine, all of it resident
 * once busy), and the workflow thread is bounded from inside the process already
 * (libs/service-runtime workflow-heap.ts). Measured with `npm run bench:footprint -- --cases 2000
 * --cache 250`: 766 MiB with the workflow thread bounded, 676 MiB with the main thread too.
 */
export function serviceNodeFlags(name) {
  const flags = JSON.parse(readFileSync(join(REPO_ROOT, 'infra/service-node-flags.json'), 'utf8'));
  return flags[name] ?? [];
}
