import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@bishan/config';
import { serviceNodeFlags, type ServiceName } from '@bishan/testing';

const dockerfile = () => readFileSync(path.join(workspaceRoot(), 'infra/docker/Dockerfile'), 'utf8');

/** Each stage's CMD as an argument list, by stage name. */
function commandsByStage(text: string): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  let stage = '';
  for (const line of text.split('\n')) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) stage = from[1]!;
    const cmd = /^CMD\s+(\[.*\])\s*$/.exec(line);
    if (cmd) commands.set(stage, JSON.parse(cmd[1]!) as string[]);
  }
  return commands;
}

// The image runs each service with the node flags `npm start` and the test stacks use
// (infra/service-node-flags.json): a flag added there and forgotten here would differ in production only.
describe('the image’s commands', () => {
  const services: ServiceName[] = ['case-api', 'case-worker', 'notification', 'reporting'];

  it.each(services)('start %s with the node flags of infra/service-node-flags.json', (name) => {
    expect(commandsByStage(dockerfile()).get(name)).toEqual([
      'node',
      ...serviceNodeFlags(workspaceRoot(), name),
      '-r',
      '@swc-node/register',
      `services/${name}/src/main.ts`,
    ]);
  });

  it('bounds the case worker’s young generation', () => {
    expect(serviceNodeFlags(workspaceRoot(), 'case-worker')).toContain('--max-semi-space-size=16');
  });

  it('would catch a stage whose command lacks the flags', () => {
    const without = dockerfile().replace('"--max-semi-space-size=16", ', '');
    expect(commandsByStage(without).get('case-worker')).not.toContain('--max-semi-space-size=16');
  });
});
