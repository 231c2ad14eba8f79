// What a page that bundles the package ships: web/index.js with the glue,
// bundled and minified exactly as ajv is for the comparison
// (bench/ajv-bundle-size.mjs), plus the .wasm, which no bundler shrinks.
// Raw and gzip -9.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { minifiedBundle } from './minified-bundle.mjs';

const root = new URL('..', import.meta.url).pathname;

export async function pageBundleSizes() {
  const script = await minifiedBundle({ entryPoints: [`${root}web/index.js`] });
  const wasm = readFileSync(`${root}dist/realtime-companion-core.wasm`);
  const rows = [
    { part: 'wasm', raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length },
    { part: 'JS (API + glue, minified)', raw: script.length, gzip: gzipSync(script, { level: 9 }).length },
  ];
  rows.push({ part: 'total', raw: rows[0].raw + rows[1].raw, gzip: rows[0].gzip + rows[1].gzip });
  return rows;
}
