import { repeatDevLoginWarning } from '@bishan/auth';
import { ConfigError } from '@bishan/config';
import { loadWebConfig } from './web-config';
import { createWebServer } from './web-server';

async function main() {
  const config = loadWebConfig();
  const app = await createWebServer(config);
  const stopWarning = repeatDevLoginWarning({ env: config.nodeEnv, auth: { mode: config.client.authMode } }, (message) =>
    process.stderr.write(`${JSON.stringify({ level: 'warn', context: 'auth', message })}\n`),
  );
  app.addHook('onClose', async () => stopWarning());
  const stop = () => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.stdout.write(
    `${JSON.stringify({ level: 'log', context: 'web', message: `console ready on http://127.0.0.1:${config.port}`, upstreams: config.upstreams })}\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`web: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`web: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
