import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@bishan/config';

const run = promisify(execFile);

/** Whether the Go toolchain that builds the tools is on this machine. */
export function goAvailable(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of a cached Go tool (infra/tools/go-tools.mjs), building it first when it is missing:
 * minutes on 2 cores the first time, nothing afterwards.
 */
export async function goTool(name: 'promtool' | 'helm' | 'kubeconform'): Promise<string> {
  const root = workspaceRoot();
  const script = `
    import { ensureGoTool, toolPath } from './infra/tools/go-tools.mjs';
    await ensureGoTool(${JSON.stringify(name)});
    process.stdout.write(toolPath(${JSON.stringify(name)}));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, timeout: 20 * 60_000 });
  return stdout;
}

/** Runs a tool and resolves with its exit code and output, never rejecting for a non-zero exit. */
export async function runTool(binary: string, args: string[], cwd = workspaceRoot()): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(binary, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

export const rulesDir = () => path.join(workspaceRoot(), 'infra/observability/prometheus');
export const chartDir = () => path.join(workspaceRoot(), 'infra/helm/bishan');
