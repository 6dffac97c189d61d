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
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    host: '127.0.0.1',
    // /auth: the OIDC sign-in routes (set OIDC_REDIRECT_URL to this dev server's origin to use them here).
    proxy: { '/api': consoleServer, '/console': consoleServer, '/auth': consoleServer },
  },
});
