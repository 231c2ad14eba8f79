#!/usr/bin/env node
// `npm test`: every test, in the order a failure is cheapest to read.
//   1. native core + Catch2           (build/native-debug)
//   2. the same under ASan + UBSan    (build/native-asan)
//   3. libFuzzer targets, briefly                (build/native-fuzz)
//   4. the WASM build, then every tests/**/*.test.mjs with node:test
//      (WASM under Node, pack-and-import, real browser: tests/<part>/*.browser.test.mjs
//      need Debian's Chromium, which scripts/setup.mjs installs)
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function step(title, action) {
  console.log(`\n=== ${title}`);
  const started = performance.now();
  try {
    action();
  } catch (error) {
    console.error(`\n=== FAILED: ${title}`);
    process.exit(typeof error.status === 'number' && error.status !== 0 ? error.status : 1);
  }
  console.log(`=== ${title}: ok (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const run = (command, args, env = {}) =>
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });

function nodeTestFiles() {
  return readdirSync(join(root, 'tests'), { recursive: true })
    .filter((file) => file.endsWith('.test.mjs'))
    .map((file) => relative(root, join(root, 'tests', file)))
    .sort();
}

step('native build and Catch2 tests', () => {
  build('native-debug');
  run(join(root, 'build/native-debug/rc_native_tests'), ['--reporter', 'compact']);
});

step('ASan + UBSan build and Catch2 tests', () => {
  build('native-asan');
  run(join(root, 'build/native-asan/rc_native_tests'), ['--reporter', 'compact'], {
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  });
});

step('libFuzzer targets, a short bounded run each (npm run fuzz runs longer)', () => {
  run(process.execPath, [join(root, 'scripts/fuzz.mjs'), process.env.RC_FUZZ_SECONDS ?? '5']);
});

step('WASM build', () => build('wasm-release'));

step('node:test (WASM under Node, package, browser)', () => {
  run(process.execPath, ['--test', '--test-reporter=spec', ...nodeTestFiles()]);
});
