// `npm run bench:parts`: what the browser core's .wasm is made of, next to the
// compiler's and the key piece's. Builds a --profiling-funcs copy of each (bench/size/wasm-parts-build.mjs),
// reads its function names and body sizes (bench/size/wasm-reader.mjs), sorts every
// body into a part (bench/size/wasm-parts-rules.mjs), and prints each part's bytes
// and an estimate of its gzipped share. Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { buildProfilingArtifacts } from './wasm-parts-build.mjs';
import { readWasm } from './wasm-reader.mjs';
import { PARTS, createClassifier } from './wasm-parts-rules.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = [['browser core', 'realtime-companion-browser.wasm'], ['compiler', 'realtime-companion-core.wasm'],
  ['key piece', 'realtime-companion-keys.wasm']];
const NAME_SECTION = 'custom "name"';
const gzipped = (chunks) => gzipSync(Buffer.concat(chunks), { level: 9 }).length;

const profilingDir = buildProfilingArtifacts(root);
const classify = createClassifier(root);

// label -> { bytes, gzip } for one .wasm; the name section (profiling only) is left out.
function partsOf(file) {
  const fileBytes = new Uint8Array(readFileSync(file));
  const { sections, functions } = readWasm(fileBytes);
  const chunks = new Map();
  const add = (label, chunk) => chunks.set(label, [...(chunks.get(label) ?? []), chunk]);
  const otherSections = 'other sections (types, imports, exports, ...)';
  add(otherSections, fileBytes.subarray(0, 8)); // the magic number and version
  const unclassified = [];
  for (const { name, body } of functions) {
    const part = classify(name);
    add(PARTS[part], body);
    if (part === 'other') unclassified.push({ name, size: body.length });
  }
  const bodyBytes = functions.reduce((sum, { body }) => sum + body.length, 0);
  for (const { kind, bytes } of sections) {
    if (kind === NAME_SECTION) continue;
    // The code section's own header comes before its bodies, which are counted above.
    const own = kind === 'code' ? bytes.subarray(0, bytes.length - bodyBytes) : bytes;
    add(kind === 'data' ? 'data section (strings, tables)' : otherSections, own);
  }
  const rows = new Map([...chunks].map(([label, list]) => [label, {
    bytes: list.reduce((sum, chunk) => sum + chunk.length, 0), gzip: gzipped(list),
  }]));
  const nameSection = sections.find(({ kind }) => kind === NAME_SECTION)?.bytes.length ?? 0;
  return { rows, unclassified: unclassified.sort((a, b) => b.size - a.size).slice(0, 8), total: fileBytes.length, nameSection };
}

const measured = artifacts.map(([label, file]) => ({ label, ...partsOf(join(profilingDir, file)) }));
const release = artifacts.map(([, file]) => readFileSync(join(root, 'dist', file)));

printTable();

function printTable() {
  const labels = [...new Set(measured.flatMap(({ rows }) => [...rows.keys()]))]
    .sort((a, b) => (measured[0].rows.get(b)?.bytes ?? 0) - (measured[0].rows.get(a)?.bytes ?? 0)
      || (measured[1].rows.get(b)?.bytes ?? 0) - (measured[1].rows.get(a)?.bytes ?? 0));
  const cell = (row, total) => (row
    ? `${String(row.bytes).padStart(8)} ${pct(row.bytes, total)} ${String(row.gzip).padStart(7)}`
    : `${'-'.padStart(8)} ${''.padStart(6)} ${'-'.padStart(7)}`);
  const pct = (part, whole) => `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
  const width = Math.max(...labels.map((label) => label.length));
  console.log(`Parts of the .wasm (a --profiling-funcs build in build/wasm-parts; bytes, share, gzip -9 of the part alone)`);
  console.log(`${''.padEnd(width)}  ${measured.map(({ label }) => label.padStart(23)).join('   ')}`);
  for (const label of labels) {
    console.log(`${label.padEnd(width)}  ${measured.map(({ rows, total, nameSection }) => cell(rows.get(label), total - nameSection)).join('   ')}`);
  }
  const sumOf = (key) => measured.map(({ rows }) => [...rows.values()].reduce((sum, row) => sum + row[key], 0));
  const [bytes, gzip] = [sumOf('bytes'), sumOf('gzip')];
  console.log(`${'total (parts; gzip: sum of the parts)'.padEnd(width)}  ${bytes.map((b, i) => `${String(b).padStart(8)} ${''.padStart(6)} ${String(gzip[i]).padStart(7)}`).join('   ')}`);
  console.log('\nWhole files (the profiling build\'s code can differ slightly from the release build\'s):');
  for (const [i, { label, total, nameSection }] of measured.entries()) {
    console.log(`  ${label}: release dist/ ${release[i].length} B (gzip -9 ${gzipped([release[i]])} B); profiling ${total} B, ${total - nameSection} B without its name section (${nameSection} B)`);
  }
  for (const { label, unclassified } of measured) {
    console.log(`\nLargest unclassified functions, ${label}:${unclassified.length ? '' : ' none'}`);
    for (const { name, size } of unclassified) console.log(`  ${String(size).padStart(6)}  ${name.slice(0, 140)}`);
  }
}
