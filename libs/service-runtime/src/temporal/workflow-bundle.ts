import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { workspaceRoot } from '@bishan/config';

// The only libraries workflow code may import; the bundle resolves nothing else of ours, which is a
// second fence behind the lint rule. Contracts only through their workflow entry point: the root
// index carries the zod event schemas, which every cached workflow would otherwise build again.
const WORKFLOW_ALLOWED_LIBS = {
  '@bishan/contracts/workflows': 'libs/contracts/src/workflows/index.ts',
  '@bishan/domain': 'libs/domain/src/index.ts',
};

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
      preloadModules: Object.keys(WORKFLOW_ALLOWED_LIBS),
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
      }),
    },
  };
}
