import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { workspaceRoot } from '@bishan/config';
import { workflowTracingInterceptorModules } from './temporal-tracing';

// The only libraries workflow code may import; the bundle resolves nothing else of ours, which is a
// second fence behind the lint rule. Contracts only through their workflow entry point: the root
// index carries the zod event schemas, which every cached workflow would otherwise build again.
const WORKFLOW_ALLOWED_LIBS = {
  '@bishan/contracts/workflows': 'libs/contracts/src/workflows/index.ts',
  '@bishan/domain': 'libs/domain/src/index.ts',
};

// The part of the tracing interceptors' OpenTelemetry libraries that can be shared (see the module).
const SHARED_TRACING_LIBS = [require.resolve('./shared-tracing-libraries')];

/**
 * Where the workflow code is and how to bundle it. Temporal's bundler does not read tsconfig paths,
 * so our aliases are given to webpack directly.
 */
export function workflowBundleOptions(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  const root = workspaceRoot();
  const alias = Object.fromEntries(
    Object.entries(WORKFLOW_ALLOWED_LIBS).map(([name, file]) => [`${name}$`, path.join(root, file)]),
  );
  return {
    workflowsPath: path.join(root, 'workflows/src/index.ts'),
    bundlerOptions: {
      // Temporal keeps a module cache per workflow, so each open case would evaluate (and hold) its
      // own copy of the domain's rules and holiday tables. Our libraries are pure and keep no state
      // at module level, so they are loaded once per worker thread and shared (frozen) instead.
      // So are OpenTelemetry's semantic conventions, which the tracing interceptors load.
      preloadModules: [...Object.keys(WORKFLOW_ALLOWED_LIBS), ...SHARED_TRACING_LIBS],
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
      }),
    },
  };
}

/**
 * The sources a bundle is made of: the workflows, the libraries they may import, the SDK's pins and
 * the options above (this file, compiled or not).
 */
function bundleSources(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|json)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) files.push(file);
    }
  };
  for (const dir of ['workflows/src', 'libs/domain/src', 'libs/contracts/src/workflows']) walk(path.join(root, dir));
  return [...files.sort(), path.join(root, 'package-lock.json'), __filename, ...SHARED_TRACING_LIBS];
}

/**
 * The workflow bundle, built once per version of its sources and kept under .local/cache: every
 * worker started afterwards (a restart, a second instance, each test stack) loads it instead of
 * running webpack again, seconds of CPU each time. Written atomically, so instances starting
 * together at worst build it twice.
 */
export async function prebuiltWorkflowBundle(): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
  const root = workspaceRoot();
  const hash = createHash('sha256');
  for (const file of bundleSources(root)) hash.update(file).update(readFileSync(file));
  for (const module of workflowTracingInterceptorModules) hash.update(module);
  const dir = path.join(root, '.local/cache/workflow-bundles');
  const codePath = path.join(dir, `case-workflows-${hash.digest('hex').slice(0, 16)}.js`);
  if (!existsSync(codePath) || statSync(codePath).size === 0) {
    const { workflowsPath, bundlerOptions } = workflowBundleOptions();
    if (!workflowsPath) throw new Error('workflowBundleOptions() named no workflowsPath');
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      ...bundlerOptions,
      workflowInterceptorModules: [...workflowTracingInterceptorModules],
      logger: new DefaultLogger('WARN'),
    });
    mkdirSync(dir, { recursive: true });
    const partial = `${codePath}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, codePath);
  }
  return { workflowBundle: { codePath } };
}
