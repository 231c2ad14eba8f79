// `npm run bench`: the speed benchmarks, each in a fresh Node process, one after the other (a
// process of its own so one bench's JIT and heap do not tilt the next one's figures):
//   tool-call.mjs         the WASM part of one tool call, and the shipped sizes
//   validator-vs-ajv.mjs  compileSchema against ajv
//   tool-call-vs-ajv.mjs  the tool-call path against JSON.parse + ajv + request
// Each runs on its own too (`node bench/speed/validator-vs-ajv.mjs`). The others in this folder
// take arguments and run alone: hostile-schemas-vs-ajv.mjs (`npm run bench:hostile`),
// regex-match.mjs, build-vs-build.mjs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const bench of ['tool-call.mjs', 'validator-vs-ajv.mjs', 'tool-call-vs-ajv.mjs']) {
  console.log(`\n=== bench/speed/${bench}`);
  execFileSync(process.execPath, [fileURLToPath(new URL(bench, import.meta.url))], { stdio: 'inherit' });
}
