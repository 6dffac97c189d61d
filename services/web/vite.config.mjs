import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

// `vite` (dev server) proxies the API prefixes to a running console server (npm start) on WEB_PORT.
const consoleServer = `http://127.0.0.1:${process.env.WEB_PORT ?? 3004}`;

export default defineConfig({
  root,
  plugins: [react()],
  // The domain library is plain TypeScript without Node imports (Temporal's workflow sandbox imports
  // it too), so the console takes role lists and rules from it instead of keeping copies.
  resolve: { alias: { '@bishan/domain': `${root}/../../libs/domain/src/index.ts` } },
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // Domain modules only define rules: one whose exports the console does not use (policies,
    // calendars, KPI maths) is left out rather than kept for its top-level set-up.
    rollupOptions: { treeshake: { moduleSideEffects: (id) => !id.includes('/libs/domain/') } },
  },
  server: {
    host: '127.0.0.1',
    // /auth: the OIDC sign-in routes (set OIDC_REDIRECT_URL to this dev server's origin to use them here).
    proxy: { '/api': consoleServer, '/console': consoleServer, '/auth': consoleServer },
  },
});
