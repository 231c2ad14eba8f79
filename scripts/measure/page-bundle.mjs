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

/**
 * The bundle's files: { name, bytes, inputs, entry, imports: [{ path, kind }] }, names as the metafile
 * has them. `entry` is the source a file starts from: web/index.js, or a module imported dynamically.
 */
export async function splitBundle() {
  const result = await build({
    entryPoints: [`${root}web/index.js`],
    bundle: true, minify: true, splitting: true, format: 'esm', platform: 'browser',
    outdir: '/rc-bundle', write: false, metafile: true, logLevel: 'silent',
  });
  // The metafile names outputs relative to the working folder.
  const outputs = Object.entries(result.metafile.outputs);
  return result.outputFiles.map((file) => {
    const [name, meta] = outputs.find(([output]) => file.path.endsWith(output.replace(/^(\.\.\/)+/, '/')));
    return {
      name, bytes: Buffer.from(file.contents), inputs: Object.keys(meta.inputs), entry: meta.entryPoint ?? null,
      imports: meta.imports.filter((i) => !i.external).map(({ path, kind }) => ({ path, kind })),
    };
  });
}

const holds = (chunk, file) => chunk.inputs.some((input) => input.endsWith(file));
const glueOf = (artifact) => `dist/${artifact}.mjs`;
const KEY_PIECE = 'realtime-companion-keys';

/** The chunks `from` brings in before it runs: itself and its static imports, transitively. */
function loadedWith(chunks, from) {
  const byName = new Map(chunks.map((chunk) => [chunk.name, chunk]));
  const seen = new Set();
  const visit = (chunk) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const i of chunk.imports) if (i.kind === 'import-statement') visit(byName.get(i.path));
  };
  for (const chunk of from) visit(chunk);
  return seen;
}

const sizesOf = (files) => ({
  raw: files.reduce((s, bytes) => s + bytes.length, 0),
  gzip: files.reduce((s, bytes) => s + gzip(bytes), 0),
  brotli: files.reduce((s, bytes) => s + brotli(bytes), 0),
});

/**
 * Rows { path, part, raw, gzip, brotli }: per path its wasm, the JavaScript it loads before the first
 * call (the entry chunk and what it imports statically; on the raw-tools path, the compiler's glue and
 * what that imports; the browser core and the key piece are standalone, with no glue), the
 * total of those two, and on a row of its own the JavaScript it loads only when a call needs it (the
 * approval prompt). The key piece is its own path: its chunk and its wasm.
 */
export async function pageBundleSizes() {
  const chunks = await splitBundle();
  const rows = [];
  const row = (path, part, sizes) => rows.push({ path, part, ...sizes });
  const startsWith = loadedWith(chunks, chunks.filter((chunk) => chunk.entry?.endsWith('web/index.js')));
  const keyPiece = loadedWith(chunks, chunks.filter((chunk) => holds(chunk, 'web/keys.js')));
  const glueChunks = (artifact) => loadedWith(chunks, chunks.filter((chunk) => holds(chunk, glueOf(artifact))));
  for (const [path, own, other] of [
    ['compiled set', 'realtime-companion-browser', 'realtime-companion-core'],
    ['raw tools', 'realtime-companion-core', 'realtime-companion-browser'],
  ]) {
    const first = new Set([...startsWith, ...glueChunks(own)]);
    const others = new Set([...keyPiece, ...glueChunks(other)]);
    const later = chunks.filter((chunk) => !first.has(chunk) && !others.has(chunk));
    const wasm = sizesOf([readFileSync(`${root}dist/${own}.wasm`)]);
    const script = sizesOf([...first].map((chunk) => chunk.bytes));
    row(path, 'wasm', wasm);
    row(path, `JS before the first call (minified, ${first.size} files)`, script);
    row(path, 'total', { raw: wasm.raw + script.raw, gzip: wasm.gzip + script.gzip, brotli: wasm.brotli + script.brotli });
    row(path, `JS loaded when a call needs it (${later.length} files)`, sizesOf(later.map((chunk) => chunk.bytes)));
  }
  const wasm = sizesOf([readFileSync(`${root}dist/${KEY_PIECE}.wasm`)]);
  const script = sizesOf([...keyPiece].filter((chunk) => !startsWith.has(chunk)).map((chunk) => chunk.bytes));
  row('key piece', 'wasm', wasm);
  row('key piece', 'JS (the key chunk, minified)', script);
  row('key piece', 'total', { raw: wasm.raw + script.raw, gzip: wasm.gzip + script.gzip, brotli: wasm.brotli + script.brotli });
  return rows;
}
