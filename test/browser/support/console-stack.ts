import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { workspaceRoot } from '@bishan/config';
import { freePort, startTestStack, waitFor, type TestStack, type TestStackOptions } from '@bishan/testing';

export interface ConsoleStack {
  stack: TestStack;
  /** The console's origin: the built app and the proxied services. */
  webUrl: string;
  /** The case API itself, for a suite's own calls (its /auth/* is not served through the console). */
  caseApiUrl: string;
  stop(): Promise<void>;
}

const portOf = (url: string) => new URL(url).port;

/**
 * The real stack (all four services, demo policy so deadlines pass in seconds) and the console's
 * web server in front of it, built first if its build is missing or stale — as `npm start` does.
 */
export async function startConsoleStack(
  label: string,
  options: {
    /** Extra environment for the services and the console server alike (e.g. AUTH_MODE=oidc). */
    env?: Record<string, string>;
    /** One service's own extra environment (the case API's Temporal behind a proxy a suite cuts). */
    serviceEnv?: TestStackOptions['serviceEnv'];
    /** The console server's own extra environment, once its origin is known (e.g. OIDC_REDIRECT_URL). */
    webEnv?: (webUrl: string) => Record<string, string>;
    /** New cases pin the published version in force (the policies table) instead of the demo policy. */
    policyInForce?: boolean;
    /** How long each service may take to answer its health check (a loaded machine starts slowly). */
    readyTimeoutMs?: number;
  } = {},
): Promise<ConsoleStack> {
  const root = workspaceRoot();
  execFileSync(process.execPath, ['services/web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'inherit' });
  const stack = await startTestStack({
    label,
    services: ['case-api', 'case-worker', 'notification', 'reporting'],
    ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.serviceEnv ? { serviceEnv: options.serviceEnv } : {}),
    // One signing secret for all services, so the notification service verifies the console's tokens.
    env: {
      ...(options.policyInForce ? {} : { CASE_POLICY_VERSION: 'demo-compressed' }),
      DEV_AUTH_SECRET: `browser-suite-secret-${randomUUID()}`,
      ...options.env,
    },
  });
  try {
    const port = await freePort();
    const logDir = path.join(root, '.local/test-logs');
    mkdirSync(logDir, { recursive: true });
    const logFile = path.join(logDir, `${label}-${stack.runId}-web-${port}.log`);
    const out = openSync(logFile, 'w');
    const webUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/web/server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        // Its sessions live in the stack's database, beside the services' tables.
        DATABASE_URL: stack.db.url,
        WEB_PORT: String(port),
        CASE_API_PORT: portOf(stack.service('case-api').url),
        NOTIFICATION_PORT: portOf(stack.service('notification').url),
        REPORTING_PORT: portOf(stack.service('reporting').url),
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        ...options.env,
        ...options.webEnv?.(webUrl),
      },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.once('exit', () => child.kill('SIGKILL'));
    await Promise.race([
      waitFor(async () => ((await fetch(`${webUrl}/health`)).ok ? true : undefined), {
        description: `the console server at ${webUrl}`,
        timeoutMs: 60_000,
        intervalMs: 250,
      }),
      exited.then(() => {
        throw new Error(`the console server exited before it was ready:\n${readFileSync(logFile, 'utf8')}`);
      }),
    ]);
    return {
      stack,
      webUrl,
      caseApiUrl: stack.service('case-api').url,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
