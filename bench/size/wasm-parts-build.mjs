// The profiling build bench/size/wasm-parts.mjs reads: the release flags plus
// --profiling-funcs (keeps a "name" section of demangled function names), in
// build/wasm-parts, apart from build/wasm-release and dist/. It is configured
// once (like scripts/build.mjs) and rebuilt incrementally. The wasm-opt pass after
// the link gets -g, or it would drop the name section the bench reads.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {string} where the build puts its .mjs and .wasm files */
export function buildProfilingArtifacts(root) {
  const buildDir = join(root, 'build/wasm-parts');
  const distDir = join(buildDir, 'dist');
  // Debian's emcc runs its optimizer with the system Node, which finds acorn here.
  const env = { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') };
  const options = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env };
  const configured = existsSync(join(buildDir, 'CMakeCache.txt'));
  execFileSync('cmake', ['-S', '.', '-B', buildDir, '-Wno-dev',
    ...(configured ? [] : ['-DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake']),
    '-DCMAKE_BUILD_TYPE=Release', '-DCMAKE_CXX_FLAGS_RELEASE=-O3 -DNDEBUG', `-DRC_DIST_DIR=${distDir}`,
    '-DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs',
    '-DRC_WASM_OPT_AFTER=-Oz --converge --enable-mutable-globals -g'], options);
  execFileSync('cmake', ['--build', buildDir, '-j2', '--target', 'rc_wasm_browser', 'rc_wasm', 'rc_wasm_keys'], options);
  return distDir;
}
