#!/usr/bin/env node
// Configures (once) and builds one CMake preset: `node scripts/build.mjs <preset>`.
// CMake is the build's one source of truth; this only calls it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function build(preset) {
  // Debian's emcc runs its optimizer with the system Node, which finds acorn here.
  const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };
  const options = { cwd: root, stdio: 'inherit', env };
  if (!existsSync(join(root, 'build', preset, 'CMakeCache.txt'))) {
    execFileSync('cmake', ['--preset', preset, '-Wno-dev'], options);
  }
  execFileSync('cmake', ['--build', '--preset', preset, '-j2'], options);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const presets = process.argv.slice(2);
  if (presets.length === 0) {
    console.error('usage: node scripts/build.mjs <preset>...  (native-debug, native-asan, wasm-release)');
    process.exit(2);
  }
  try {
    presets.forEach(build);
  } catch (error) {
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
}
