// The profiling build bench/size/wasm-parts.mjs reads: CMakePresets.json's `wasm-parts`, the
// release flags plus --profiling-funcs (a "name" section of demangled function names) and -g on
// the wasm-opt pass after the link (which would otherwise drop that section), in build/wasm-parts,
// apart from build/wasm-release and dist/. Configured once, rebuilt incrementally.
import { join } from 'node:path';
import { build } from '../../scripts/build.mjs';

/** @returns {string} where the build puts its .mjs and .wasm files */
export function buildProfilingArtifacts(root) {
  build('wasm-parts', { quiet: true });
  return join(root, 'build/wasm-parts/dist');
}
