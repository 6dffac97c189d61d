import { parseArgs } from 'node:util';
import { DemoScenario } from './demo-scenario';
import { defaultProfile } from './profile';
import { Simulation, formatSummary } from './simulation';

const usage = `npm run simulate -- [--rate 5] [--duration 60] [--seed 1] [--drain 120] [--base-url http://127.0.0.1:3000] [--day-ms 2000] [--json file] [--scenario demo]

Drives the case API as Bishan's meetings, departments and residents would, at a fixed arrival rate
(cases raised per second, sent on schedule whatever the answers' speed), then lets the journeys under
way finish for --drain seconds and prints a summary. --day-ms is the length of a working day of the
server's policy (2000 for demo-compressed, the default). --scenario demo first drives six fixed cases to
the states a demonstration shows (needs the demo-compressed-2026.2 policy), printing a line as each
gets there, then simulates as usual (--duration 0: the scenario only).`;

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
      scenario: { type: 'string' },
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
  if (values.scenario !== undefined && values.scenario !== 'demo')
    throw new Error(`--scenario knows only 'demo', got '${values.scenario}'\n\n${usage}`);
  const baseUrl = values['base-url'].replace(/\/$/, '');
  const simulation = new Simulation({
    baseUrl,
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
  if (values.scenario === 'demo') {
    const say = (line: string) => console.log(`demo  ${line}`);
    try {
      await new DemoScenario({ baseUrl, say }).run();
      say('every showcase case has reached its state; the console shows them (ledger filters: escalated, overdue, extension pending)');
    } catch (error) {
      console.error(`demo scenario stopped: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
    if (Number(values.duration) === 0) return;
  }
  const summary = await simulation.run();
  console.log(formatSummary(summary));
  if (values.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (summary.errorCount > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
