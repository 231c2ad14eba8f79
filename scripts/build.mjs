#!/usr/bin/env node
// Configures (once) and builds one CMake preset: `node scripts/build.mjs <preset>`.
// CMake is the build's one source of truth; this only calls it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `quiet`: CMake's progress is not printed (a benchmark prints its own figures), its errors are. */
export function build(preset, { quiet = false } = {}) {
  // The presets set the compilers' environment (emcc's NODE_PATH); a build preset inherits its
  // configure preset's.
  const options = { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' };
  if (!existsSync(join(root, 'build', preset, 'CMakeCache.txt'))) {
    execFileSync('cmake', ['--preset', preset, '-Wno-dev'], options);
  }
  execFileSync('cmake', ['--build', '--preset', preset, '-j2'], options);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const presets = process.argv.slice(2);
  if (presets.length === 0) {
    console.error('usage: node scripts/build.mjs <preset>...  (native-debug, native-asan, native-fuzz, wasm-release, wasm-parts)');
    process.exit(2);
  }
  try {
    presets.forEach((preset) => build(preset));
  } catch (error) {
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
}
