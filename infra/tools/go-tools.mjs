// Go binaries the production-like profile and the deployment tests use, built from the Go module
// proxy once and cached under the git-ignored .local/tools/<name>-<version>/ (a clean clone builds
// them on first use; later runs reuse them). Plain Node ESM with no dependencies, like infra/engines.
//
//   node infra/tools/go-tools.mjs [name…]     → builds what is missing, prints one path per tool
//   node infra/tools/go-tools.mjs --check name → exit 0 if cached, 3 if not (builds nothing)
//
// The Temporal server needs Go ≥ 1.26.10 while the machine has 1.26.8, so every build runs with
// GOTOOLCHAIN (default go1.27.3), which the go command fetches from the module proxy itself.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_DIR, rel } from '../engines/paths.mjs';
import { EngineError, installOnce, requireCommand, runOrThrow } from '../engines/process.mjs';

export const TOOLS_DIR = join(LOCAL_DIR, 'tools');
export const GO_TOOLCHAIN = process.env.BISHAN_GOTOOLCHAIN || 'go1.27.3';

/**
 * name → { module, version, packages: [{ path, binary }], extra? }.
 * `extra(moduleDir, dir)` copies files of the module's source that the binary needs at run time.
 */
export const GO_TOOLS = Object.freeze({
  'temporal-server': {
    module: 'go.temporal.io/server',
    version: 'v1.32.2',
    packages: [
      { path: 'cmd/server', binary: 'temporal-server' },
      { path: 'cmd/tools/sql', binary: 'temporal-sql-tool' },
    ],
    // The SQL schema files (setup-schema/update-schema read them from disk) and the sample configs.
    extra: (moduleDir, dir) => {
      cpSync(join(moduleDir, 'schema', 'postgresql'), join(dir, 'schema', 'postgresql'), { recursive: true });
      cpSync(join(moduleDir, 'config'), join(dir, 'config'), { recursive: true });
    },
  },
  helm: { module: 'helm.sh/helm/v4', version: 'v4.3.2', packages: [{ path: 'cmd/helm', binary: 'helm' }] },
  promtool: {
    module: 'github.com/prometheus/prometheus',
    version: 'v0.316.0',
    packages: [{ path: 'cmd/promtool', binary: 'promtool' }],
  },
  kubeconform: {
    module: 'github.com/yannh/kubeconform',
    version: 'v0.8.0',
    packages: [{ path: 'cmd/kubeconform', binary: 'kubeconform' }],
  },
});

export const GO_TOOL_NAMES = Object.freeze(Object.keys(GO_TOOLS));

const GO_HINT = 'the Go toolchain builds it from the Go module proxy — apt-get install -y golang-go';

export const toolDir = (name) => join(TOOLS_DIR, `${name}-${GO_TOOLS[name].version}`);

/** Path of a cached binary (built or not). */
export function toolPath(name, binary = GO_TOOLS[name].packages[0].binary) {
  return join(toolDir(name), 'bin', binary);
}

const recipeOf = (tool) =>
  `${tool.module}@${tool.version} ${tool.packages.map((p) => p.path).join(' ')} ${GO_TOOLCHAIN} CGO_ENABLED=0\n`;

/** True when every binary of the tool is cached (no build). */
export function isBuilt(name) {
  const tool = GO_TOOLS[name];
  return tool.packages.every((p) => existsSync(toolPath(name, p.binary))) && existsSync(join(toolDir(name), '.installed'));
}

/**
 * Builds the tool once (cached by module, version and toolchain) and resolves with the directory
 * holding `bin/`. Concurrent callers share one build (lock file in .local/run/).
 */
export async function ensureGoTool(name, log = (line) => process.stderr.write(`${line}\n`)) {
  const tool = GO_TOOLS[name];
  if (!tool) throw new EngineError(`unknown Go tool ${name} (known: ${GO_TOOL_NAMES.join(', ')})`);
  const dir = toolDir(name);
  await installOnce({
    dir,
    recipe: recipeOf(tool),
    label: `${name} ${tool.version} (go install with ${GO_TOOLCHAIN}; minutes on 2 cores)`,
    log,
    prerequisites: async () => requireCommand('go', GO_HINT),
    install: async (target, go) => {
      // A private GOPATH/bin via GOBIN; the module and build caches are the user's (shared, reused).
      const env = {
        ...process.env,
        GOTOOLCHAIN: GO_TOOLCHAIN,
        GOBIN: join(target, 'bin'),
        CGO_ENABLED: '0',
        GOFLAGS: '-mod=mod',
      };
      // Outside any module, so the repository's files play no part in the build.
      const cwd = mkdtempSync(join(tmpdir(), 'go-tool-'));
      try {
        for (const pkg of tool.packages) {
          await runOrThrow(`go install ${tool.module}/${pkg.path}@${tool.version}`, go, [
            'install',
            '-trimpath',
            '-ldflags=-s -w',
            `${tool.module}/${pkg.path}@${tool.version}`,
          ], { cwd, env });
          // go install names the binary after the package's folder (cmd/server → server).
          const built = join(target, 'bin', pkg.path.split('/').pop());
          if (built !== join(target, 'bin', pkg.binary) && existsSync(built)) renameSync(built, join(target, 'bin', pkg.binary));
        }
        if (tool.extra) {
          const { stdout } = await runOrThrow('go mod download', go, ['mod', 'download', '-json', `${tool.module}@${tool.version}`], {
            cwd,
            env,
          });
          tool.extra(JSON.parse(stdout).Dir, target);
        }
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
      for (const pkg of tool.packages) {
        if (!existsSync(join(target, 'bin', pkg.binary)))
          throw new EngineError(`go install finished but ${rel(join(target, 'bin', pkg.binary))} is missing`);
      }
    },
  });
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const check = args[0] === '--check';
  const names = (check ? args.slice(1) : args).length ? (check ? args.slice(1) : args) : GO_TOOL_NAMES;
  try {
    mkdirSync(TOOLS_DIR, { recursive: true });
    for (const name of names) {
      if (!GO_TOOLS[name]) throw new EngineError(`unknown Go tool ${name} (known: ${GO_TOOL_NAMES.join(', ')})`);
      if (check) {
        if (!isBuilt(name)) process.exitCode = 3;
        console.log(`${name.padEnd(16)} ${isBuilt(name) ? 'cached' : 'missing'}  ${rel(toolDir(name))}`);
        continue;
      }
      const began = Date.now();
      const cached = isBuilt(name);
      await ensureGoTool(name);
      console.log(
        `${name.padEnd(16)} ${cached ? 'cached' : `built in ${((Date.now() - began) / 1000).toFixed(0)} s`}  ${rel(toolDir(name))}`,
      );
    }
  } catch (error) {
    console.error(error instanceof EngineError || error?.code ? `go-tools: ${error.message}` : error);
    process.exitCode = 1;
  }
}
