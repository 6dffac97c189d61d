// Builds the console into services/web/dist when the build is missing or older than any of its
// sources; otherwise does nothing. Used by `npm start` and by the browser tests.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(webDir, 'dist/index.html');
// The domain library is bundled too (role lists and rules), so its sources count as the console's.
const sources = [
  join(webDir, 'src'),
  join(webDir, 'index.html'),
  join(webDir, 'vite.config.mjs'),
  join(webDir, 'tsconfig.json'),
  join(webDir, '../../libs/domain/src'),
];

function newestModification(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

export function buildIsStale() {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return sources.some((path) => existsSync(path) && newestModification(path) > built);
}

export async function ensureBuild(log = (line) => console.log(line)) {
  if (!buildIsStale()) return false;
  log('building the web console (services/web/dist)…');
  const { build } = await import('vite');
  // A production build whatever NODE_ENV the caller runs under: Vite keeps a NODE_ENV it finds
  // (Jest's 'test'), which selects React's development runtime. Restored for the caller's children.
  const callersNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(webDir, 'vite.config.mjs'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (callersNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callersNodeEnv;
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureBuild().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
