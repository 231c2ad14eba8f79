// The bytes the package publishes: the three artifacts' .wasm, the compiler's
// Emscripten glue (the other two are standalone), and the JS API, raw, gzip -9 and brotli (a page downloads one core, and
// the key piece only with keys: see page-bundle.mjs). Shared by the size
// benchmarks (bench/size/) and the size budget (tests/package/size-budget.test.mjs),
// so it lives with the scripts: a test never imports a benchmark.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export function shippedSizes() {
  const api = ['web', 'common'].flatMap((dir) => readdirSync(join(root, dir), { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f)));
  const groups = {
    'browser core wasm': ['dist/realtime-companion-browser.wasm'],
    'key piece wasm': ['dist/realtime-companion-keys.wasm'],
    'compiler wasm': ['dist/realtime-companion-core.wasm'],
    'compiler glue': ['dist/realtime-companion-core.mjs'],
    'JS API': api,
  };
  const rows = Object.entries(groups).map(([part, files]) => {
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(root, f))));
    return {
      part, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const sum = (key) => rows.reduce((s, r) => s + r[key], 0);
  rows.push({ part: 'total', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') });
  return rows;
}

