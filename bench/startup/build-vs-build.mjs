// Cold start of two builds, alternating run by run:
//   node bench/startup/build-vs-build.mjs <before> <after> [runs]
// each a package folder with its own web/, common/, server/ and dist/ (each build reads the tool set its
// own compiler writes, so two builds may differ in the set's format version; <before> also needs
// examples/demo/sample-tools.mjs). Every run is a fresh Node process
// timing the compiled-set path with this checkout's bench/startup/in-node.mjs, so both builds
// are measured by the same code, and a flag's effect on start-up is read beside the machine's
// noise of the minute. Prints the phases of each; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { load, printLoad, printMachine, printPhases } from './report.mjs';

const [before, after] = process.argv.slice(2, 4).map((dir) => resolve(dir));
const runs = Number(process.argv[4] ?? 20);
if (!after || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/startup/build-vs-build.mjs <before package folder> <after package folder> [runs]');
  process.exit(2);
}
const inNode = fileURLToPath(new URL('in-node.mjs', import.meta.url));
const { sampleTools } = await import(pathToFileURL(join(before, 'examples/demo/sample-tools.mjs')).href);
const scratch = mkdtempSync(join(os.tmpdir(), 'rc-cold-ab-'));
// Each build reads the set its own compiler writes: the two may differ in the set's format version.
const setFiles = new Map();
for (const [i, dir] of [before, after].entries()) {
  const { compileToolSet } = await import(pathToFileURL(join(dir, 'server/index.js')).href);
  const file = join(scratch, `tools-${i}.rct`);
  writeFileSync(file, (await compileToolSet(sampleTools)).bytes);
  setFiles.set(dir, file);
}

printMachine();
const start = load();
const times = new Map([[before, []], [after, []]]);
try {
  for (let round = 0; round < runs; round++) {
    for (const dir of round % 2 ? [after, before] : [before, after]) {
      times.get(dir).push(JSON.parse(execFileSync(process.execPath, [inNode, 'set', setFiles.get(dir), dir])));
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`\nCold start, compiled set, fresh Node process per run, ${runs} runs each, alternating`);
printLoad(start, load());
const totals = [...times].map(([dir, rows]) => printPhases(dir, rows));
console.log(`  after / before, total: median ${(totals[1].median / totals[0].median).toFixed(2)}×, min ${(totals[1].min / totals[0].min).toFixed(2)}×`);
