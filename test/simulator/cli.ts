import { parseArgs } from 'node:util';
import { defaultProfile } from './profile';
import { Simulation, formatSummary } from './simulation';

const usage = `npm run simulate -- [--rate 5] [--duration 60] [--seed 1] [--drain 120] [--base-url http://127.0.0.1:3000] [--day-ms 2000] [--json file]

Drives the case API as Bishan's meetings, departments and residents would, at a fixed arrival rate
(cases raised per second, sent on schedule whatever the answers' speed), then lets the journeys under
way finish for --drain seconds and prints a summary. --day-ms is the length of a working day of the
server's policy (2000 for demo-compressed, the default).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '5' },
      duration: { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      drain: { type: 'string', default: '120' },
      'base-url': { type: 'string', default: process.env['CASE_API_URL'] ?? 'http://127.0.0.1:3000' },
      'day-ms': { type: 'string', default: String(defaultProfile.dayMs) },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const number = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`--${name} must be a number ≥ ${min}, got '${text}'\n\n${usage}`);
    return value;
  };
  const simulation = new Simulation({
    baseUrl: values['base-url'].replace(/\/$/, ''),
    rate: number('rate', values.rate, 0.001),
    durationS: number('duration', values.duration, 0),
    seed: Math.trunc(number('seed', values.seed, 0)),
    drainS: number('drain', values.drain, 0),
    profile: { ...defaultProfile, dayMs: number('day-ms', values['day-ms'], 1) },
  });
  // Interrupted (Ctrl-C, or `npm start -- --demo` stopping): the summary of what ran so far.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write('\n');
      console.log(formatSummary(simulation.summaryNow()));
      process.exit(130);
    });
  }
  const summary = await simulation.run();
  console.log(formatSummary(summary));
  if (values.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  process.exitCode = summary.errorCount > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
