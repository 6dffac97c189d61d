import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { workspaceRoot } from '@bishan/config';

// The only libraries workflow code may import; the bundle resolves nothing else of ours, which is a
// second fence behind the lint rule.
const WORKFLOW_ALLOWED_LIBS = {
  '@bishan/contracts': 'libs/contracts/src/index.ts',
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
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
      }),
    },
  };
}
