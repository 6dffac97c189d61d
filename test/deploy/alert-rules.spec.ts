import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { workspaceRoot } from '@bishan/config';
import { goAvailable, goTool, rulesDir, runTool } from './go-tools';

const describeWithGo = goAvailable() ? describe : describe.skip;
if (!goAvailable())
  process.stderr.write('alert rules: SKIPPED — no Go toolchain to build promtool (apt-get install -y golang-go)\n');

const rulesFile = () => path.join(rulesDir(), 'bishan-alerts.yml');
const alertNames = () => [...readFileSync(rulesFile(), 'utf8').matchAll(/^\s*- alert: (\w+)/gm)].map((m) => m[1]!);

describeWithGo('Prometheus alert rules (promtool)', () => {
  let promtool: string;

  beforeAll(async () => {
    promtool = await goTool('promtool');
  }, 20 * 60_000);

  it('pass promtool check rules', async () => {
    const { code, output } = await runTool(promtool, ['check', 'rules', rulesFile()]);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(code).toBe(0);
  });

  it('pass their unit tests (promtool test rules), which cover every alert', async () => {
    const tests = readFileSync(path.join(rulesDir(), 'bishan-alerts.test.yml'), 'utf8');
    for (const name of alertNames()) expect([name, tests.includes(`alertname: ${name}`)]).toEqual([name, true]);
    const { code, output } = await runTool(promtool, ['test', 'rules', 'bishan-alerts.test.yml'], rulesDir());
    expect(output).toContain('SUCCESS');
    expect(code).toBe(0);
  });

  it('would catch a broken rule: the unit tests fail when a threshold changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'alerts-'));
    writeFileSync(path.join(dir, 'bishan-alerts.yml'), readFileSync(rulesFile(), 'utf8').replace('max(bishan_outbox_backlog) > 100', 'max(bishan_outbox_backlog) > 1000'));
    writeFileSync(path.join(dir, 'bishan-alerts.test.yml'), readFileSync(path.join(rulesDir(), 'bishan-alerts.test.yml'), 'utf8'));
    const { code, output } = await runTool(promtool, ['test', 'rules', 'bishan-alerts.test.yml'], dir);
    expect(code).not.toBe(0);
    expect(output).toContain('BishanOutboxBacklog');
  });
});

describe('alerts, runbooks and the dashboard', () => {
  it('give every alert a runbook that exists and is named in its annotation', () => {
    const rules = readFileSync(rulesFile(), 'utf8');
    const runbooks = [...rules.matchAll(/runbook: (docs\/runbooks\/[\w-]+\.md)/g)].map((m) => m[1]!);
    expect(runbooks).toHaveLength(alertNames().length);
    const onDisk = readdirSync(path.join(workspaceRoot(), 'docs/runbooks'));
    for (const runbook of runbooks) expect(onDisk).toContain(path.basename(runbook));
    for (const name of alertNames())
      expect(readFileSync(path.join(workspaceRoot(), runbooks[alertNames().indexOf(name)]!), 'utf8')).toContain(`# ${name}`);
  });

  it('chart every metric an alert reads on the Grafana dashboard', () => {
    const dashboard = JSON.parse(readFileSync(path.join(workspaceRoot(), 'infra/observability/grafana/bishan-dashboard.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const charted = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    const metrics = new Set([...readFileSync(rulesFile(), 'utf8').matchAll(/expr: .*/g)].flatMap((m) => m[0].match(/bishan_\w+/g) ?? []));
    expect(metrics.size).toBeGreaterThanOrEqual(7);
    for (const metric of metrics) expect([metric, charted.includes(metric)]).toEqual([metric, true]);
  });
});
