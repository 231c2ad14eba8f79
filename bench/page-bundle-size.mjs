// What a page that bundles the package ships: web/index.js with the glue,
// bundled and minified by esbuild exactly as bench/ajv-bundle-size.mjs does
// for ajv, plus the .wasm (which no bundler shrinks). Raw and gzip -9.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;

export async function pageBundleSizes() {
  const result = await build({
    entryPoints: [`${root}web/index.js`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const script = Buffer.from(result.outputFiles[0].contents);
  const wasm = readFileSync(`${root}dist/realtime-companion-core.wasm`);
  const rows = [
    { part: 'wasm', raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length },
    { part: 'JS (API + glue, minified)', raw: script.length, gzip: gzipSync(script, { level: 9 }).length },
  ];
  rows.push({ part: 'total', raw: rows[0].raw + rows[1].raw, gzip: rows[0].gzip + rows[1].gzip });
  return rows;
}
