import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { workspaceRoot } from '@bishan/config';
import { chartDir, goAvailable, goTool, runTool } from './go-tools';

const run = promisify(execFile);
const describeWithGo = goAvailable() ? describe : describe.skip;
if (!goAvailable())
  process.stderr.write('helm chart: SKIPPED — no Go toolchain to build helm and kubeconform (apt-get install -y golang-go)\n');

/** The offline Kubernetes schemas (infra/tools/k8s-schemas.mjs): root, versions and kubeconform's location template. */
async function kubernetesSchemas(): Promise<{ location: string; versions: string[] }> {
  const script = `
    import { ensureKubernetesSchemas, schemaLocation, KUBERNETES_VERSIONS } from './infra/tools/k8s-schemas.mjs';
    await ensureKubernetesSchemas();
    process.stdout.write(JSON.stringify({ location: schemaLocation(), versions: KUBERNETES_VERSIONS }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: workspaceRoot(), timeout: 10 * 60_000 });
  return JSON.parse(stdout) as { location: string; versions: string[] };
}

const valueSets = {
  'default values': [] as string[],
  'a small district (ci/minimal-values.yaml)': ['-f', path.join('ci', 'minimal-values.yaml')],
};

describeWithGo('the Helm chart (helm template + kubeconform, offline schemas)', () => {
  let helm: string;
  let kubeconform: string;
  let schemas: { location: string; versions: string[] };
  const dir = mkdtempSync(path.join(tmpdir(), 'chart-'));

  beforeAll(async () => {
    helm = await goTool('helm');
    kubeconform = await goTool('kubeconform');
    schemas = await kubernetesSchemas();
  }, 30 * 60_000);

  const render = async (args: string[]) => {
    const { code, output } = await runTool(helm, ['template', 'bishan', '.', '--namespace', 'bishan', ...args], chartDir());
    if (code !== 0) throw new Error(`helm template failed: ${output}`);
    return output;
  };

  const validate = async (manifests: string, label: string) => {
    const file = path.join(dir, `${label.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, manifests);
    const results = [];
    for (const version of schemas.versions) {
      const { code, output } = await runTool(kubeconform, [
        '-strict',
        '-summary',
        '-output',
        'json',
        '-kubernetes-version',
        version,
        '-schema-location',
        schemas.location,
        file,
      ]);
      results.push({ version, code, output });
    }
    return results;
  };

  it.each(Object.entries(valueSets))('renders valid Kubernetes manifests with %s', async (label, args) => {
    const manifests = await render(args);
    const kinds = [...manifests.matchAll(/^kind: (\w+)/gm)].map((m) => m[1]);
    expect(new Set(kinds)).toEqual(
      new Set(
        label.startsWith('default')
          ? ['ConfigMap', 'Deployment', 'Service', 'ServiceAccount', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Job']
          : // no autoscaling in the small district's values; the ingress is on
            ['ConfigMap', 'Deployment', 'Service', 'ServiceAccount', 'PodDisruptionBudget', 'Job', 'Ingress'],
      ),
    );
    for (const result of await validate(manifests, label)) {
      const summary = JSON.parse(result.output) as { summary: { valid: number; invalid: number; errors: number; skipped: number } };
      expect([result.version, summary.summary.invalid, summary.summary.errors, summary.summary.skipped]).toEqual([result.version, 0, 0, 0]);
      expect(summary.summary.valid).toBe(kinds.length);
      expect(result.code).toBe(0);
    }
  });

  it('takes every secret from a Kubernetes Secret, probes every service and scales the worker by its task queue', async () => {
    const manifests = await render([]);
    // No secret value is rendered: the database URL, SCRAM password and session secret come from Secrets.
    for (const variable of ['DATABASE_URL', 'KAFKA_SASL_PASSWORD', 'SESSION_SECRET', 'METRICS_TOKEN'])
      expect(manifests).toMatch(new RegExp(`- name: ${variable}\\n\\s+valueFrom:\\n\\s+secretKeyRef:`));
    expect(manifests).not.toMatch(/password:|PASSWORD: "/i);
    expect(manifests.match(/livenessProbe:/g)).toHaveLength(5);
    expect(manifests.match(/readinessProbe:/g)).toHaveLength(5);
    expect(manifests).toMatch(/type: External[\s\S]*name: temporal_approximate_backlog_count[\s\S]*task_queue: "cases"/);
    expect(manifests).toContain('TEMPORAL_TLS_CERT_FILE: /etc/bishan/temporal-tls/tls.crt');
    expect(manifests).toContain('KAFKA_TOPIC_REPLICATION_FACTOR: "3"');
  });

  it('would catch an invalid manifest: kubeconform refuses a wrongly typed field', async () => {
    const manifests = (await render([])).replace(/minAvailable: 1/, 'minAvailable: [1]');
    const [result] = await validate(manifests, 'broken');
    expect(result!.code).not.toBe(0);
    expect(JSON.parse(result!.output).summary.invalid).toBeGreaterThan(0);
  });
});
