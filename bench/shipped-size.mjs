// The bytes a page downloads: the .wasm, the Emscripten glue and the JS API,
// raw and gzip -9. Shared by the benchmarks and the size check.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function shippedSizes() {
  const api = readdirSync(join(root, 'web')).filter((f) => f.endsWith('.js')).map((f) => join('web', f));
  const groups = {
    wasm: ['dist/realtime-companion-core.wasm'],
    glue: ['dist/realtime-companion-core.mjs'],
    'JS API': api,
  };
  const rows = Object.entries(groups).map(([part, files]) => {
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(root, f))));
    return { part, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  rows.push({ part: 'total', raw: rows.reduce((s, r) => s + r.raw, 0), gzip: rows.reduce((s, r) => s + r.gzip, 0) });
  return rows;
}
