// The bytes the package publishes: both artifacts' .wasm and Emscripten glue,
// and the JS API, raw and gzip -9 (a page downloads one artifact: see
// page-bundle-size.mjs). Shared by the benchmarks and the size check.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function shippedSizes() {
  const api = readdirSync(join(root, 'web')).filter((f) => f.endsWith('.js')).map((f) => join('web', f));
  const groups = {
    'browser core wasm': ['dist/realtime-companion-browser.wasm'],
    'browser core glue': ['dist/realtime-companion-browser.mjs'],
    'compiler wasm': ['dist/realtime-companion-core.wasm'],
    'compiler glue': ['dist/realtime-companion-core.mjs'],
    'JS API': api,
  };
  const rows = Object.entries(groups).map(([part, files]) => {
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(root, f))));
    return { part, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  rows.push({ part: 'total', raw: rows.reduce((s, r) => s + r.raw, 0), gzip: rows.reduce((s, r) => s + r.gzip, 0) });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of shippedSizes()) console.log(`${r.part.padEnd(18)} ${String(r.raw).padStart(7)} B raw ${String(r.gzip).padStart(7)} B gzip -9`);
}
