// One cold start in a fresh Node process, spawned by bench/cold-start.mjs:
// `node bench/cold-start-run.mjs <set|tools> <tool-set file>`. Prints one JSON line.
import { readFile } from 'node:fs/promises';
import { timeColdStart, warmUpFetch } from './cold-start-span.mjs';

const [path, toolSetFile] = process.argv.slice(2);
const artifact = path === 'set' ? 'realtime-companion-browser' : 'realtime-companion-core';
const dist = new URL('../dist/', import.meta.url);

// Everything outside the span first: the files, the package and the glue
// (createCompanion imports the glue lazily; imported here, that import is a
// module-map hit, so the span holds no file read).
const wasm = new Uint8Array(await readFile(new URL(`${artifact}.wasm`, dist)));
const source = path === 'set'
  ? { wasm, toolSet: new Uint8Array(await readFile(toolSetFile)) }
  : { wasm, tools: (await import('../web/demo/sample-tools.mjs')).sampleTools };
const { createCompanion } = await import('../web/index.js');
await import(new URL(`${artifact}.mjs`, dist).href);
await warmUpFetch();

console.log(JSON.stringify(await timeColdStart(createCompanion, source)));
