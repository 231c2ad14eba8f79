// What a page that bundles the package ships, on each of its two paths and for
// keys: web/index.js bundled and minified exactly as ajv is for the comparison
// (bench/size/ajv-bundle-size.mjs), split where the package imports lazily, plus
// the artifact's .wasm, which no bundler shrinks. Each file is compressed on its
// own, as a server sends it (gzip -9, and brotli at its highest quality).
// - compiled set: createCompanion({ toolSet }) downloads the browser core, never the compiler,
//   and the key piece only with keys (its own rows: a key page loads it before its first start);
// - raw tools: createCompanion({ tools }) downloads the compiler and never the browser core.
// Shared by the size benchmarks (bench/size/) and the size budget (tests/package/size-budget.test.mjs).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

export async function splitBundle() {
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

const holds = (chunk, file) => chunk.inputs.some((input) => input.endsWith(file));
const glueOf = (artifact) => `dist/${artifact}.mjs`;
const KEY_PIECE = 'realtime-companion-keys';
const keyChunk = (chunk) => holds(chunk, 'web/keys.js') || holds(chunk, glueOf(KEY_PIECE));

const sizesOf = (files) => ({
  raw: files.reduce((s, bytes) => s + bytes.length, 0),
  gzip: files.reduce((s, bytes) => s + gzip(bytes), 0),
  brotli: files.reduce((s, bytes) => s + brotli(bytes), 0),
});

/** Rows { path, part, raw, gzip, brotli }: per path its wasm, its JavaScript, and its total. */
export async function pageBundleSizes() {
  const chunks = await splitBundle();
  const rows = [];
  const add = (path, wasmFile, scripts) => {
    const wasm = readFileSync(`${root}dist/${wasmFile}.wasm`);
    const script = sizesOf(scripts.map((chunk) => chunk.bytes));
    const wasmSizes = sizesOf([wasm]);
    rows.push({ path, part: 'wasm', ...wasmSizes });
    rows.push({ path, part: `JS (${path === 'key piece' ? 'keys + glue' : 'API + glue'}, minified, ${scripts.length} files)`, ...script });
    rows.push({ path, part: 'total', raw: wasmSizes.raw + script.raw, gzip: wasmSizes.gzip + script.gzip, brotli: wasmSizes.brotli + script.brotli });
  };
  for (const [path, own, other] of [
    ['compiled set', 'realtime-companion-browser', 'realtime-companion-core'],
    ['raw tools', 'realtime-companion-core', 'realtime-companion-browser'],
  ]) {
    add(path, own, chunks.filter((chunk) => !holds(chunk, glueOf(other)) && !keyChunk(chunk)));
  }
  add('key piece', KEY_PIECE, chunks.filter(keyChunk));
  return rows;
}

