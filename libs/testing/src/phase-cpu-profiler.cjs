// Preloaded (`node -r`) into a service process when SERVICE_CPU_PROFILE_PHASES=1 (libs/testing's
// startService): the process profiles its CPU only between two SIGWINCH signals (ignored by default,
// and not one of the signals Nest's shutdown hooks end the process on, as SIGUSR2 is), and writes the V8
// CPU profile of that phase to SERVICE_CPU_PROFILE_DIR as <name>-<pid>-phase<n>.cpuprofile. A
// profile over a whole run is mostly start-up and other phases; the bench signals around the one it
// wants to look at (npm run bench -- --profile-steady). Test tooling only: never loaded in production.
'use strict';
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const directory = process.env.SERVICE_CPU_PROFILE_DIR;
const name = process.env.SERVICE_CPU_PROFILE_NAME || 'service';
if (directory) {
  const session = new Session();
  session.connect();
  let profiling = false;
  let phase = 0;
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  process.on('SIGWINCH', () => {
    const step = profiling
      ? post('Profiler.stop').then(({ profile }) => {
          phase += 1;
          mkdirSync(directory, { recursive: true });
          writeFileSync(path.join(directory, `${name}-${process.pid}-phase${phase}.cpuprofile`), JSON.stringify(profile));
        })
      : post('Profiler.enable').then(() => post('Profiler.start'));
    profiling = !profiling;
    step.catch((error) => process.stderr.write(`phase CPU profiler: ${String(error)}\n`));
  });
}
