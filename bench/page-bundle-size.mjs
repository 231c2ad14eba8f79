// What a page that bundles the package ships, on each of its two paths:
// web/index.js bundled and minified exactly as ajv is for the comparison
// (bench/ajv-bundle-size.mjs), split where the package imports lazily, plus
// the artifact's .wasm, which no bundler shrinks. Each file is gzipped on its
// own, as a server sends it.
// - compiled set: createCompanion({ toolSet }) downloads the browser core and never the compiler;
// - raw tools: createCompanion({ tools }) downloads the compiler and never the browser core.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function splitBundle() {
  const result = await build({
    entryPoints: [`${root}web/index.js`],
    bundle: true, minify: true, splitting: true, format: 'esm', platform: 'browser',
    outdir: '/rc-bundle', write: false, metafile: true, logLevel: 'silent',
  });
  // The metafile names outputs relative to the working folder.
  const outputs = Object.entries(result.metafile.outputs);
  return result.outputFiles.map((file) => {
    const [, meta] = outputs.find(([name]) => file.path.endsWith(name.replace(/^(\.\.\/)+/, '/')));
    return { bytes: Buffer.from(file.contents), inputs: Object.keys(meta.inputs) };
  });
}

const holds = (chunk, name) => chunk.inputs.some((input) => input.endsWith(`dist/${name}.mjs`));

/** Rows { path, part, raw, gzip }: per path its wasm, its JavaScript, and its total. */
export async function pageBundleSizes() {
  const chunks = await splitBundle();
  const rows = [];
  for (const [path, own, other] of [
    ['compiled set', 'realtime-companion-browser', 'realtime-companion-core'],
    ['raw tools', 'realtime-companion-core', 'realtime-companion-browser'],
  ]) {
    const wasm = readFileSync(`${root}dist/${own}.wasm`);
    const loaded = chunks.filter((chunk) => !holds(chunk, other));
    const script = { raw: loaded.reduce((s, c) => s + c.bytes.length, 0), gzip: loaded.reduce((s, c) => s + gzip(c.bytes), 0) };
    rows.push({ path, part: 'wasm', raw: wasm.length, gzip: gzip(wasm) });
    rows.push({ path, part: `JS (API + glue, minified, ${loaded.length} files)`, ...script });
    rows.push({ path, part: 'total', raw: wasm.length + script.raw, gzip: gzip(wasm) + script.gzip });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await pageBundleSizes()) console.log(`${r.path.padEnd(13)} ${r.part.padEnd(40)} ${String(r.raw).padStart(7)} B raw ${String(r.gzip).padStart(7)} B gzip -9`);
}
