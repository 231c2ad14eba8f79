// Cold start of two builds, alternating run by run: `node bench/cold-start-build-vs-build.mjs
// <before> <after> [runs]`, each a package folder with its own web/, bench/ and dist/ (see
// build-vs-build.mjs). Every run is a fresh Node process timing bench/cold-start-run.mjs on the
// compiled-set path, so a flag's effect on start-up is read beside the machine's noise of the minute.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { describeTimes, median } from './cold-start-stats.mjs';

const [before, after] = process.argv.slice(2, 4).map((dir) => resolve(dir));
const runs = Number(process.argv[4] ?? 20);
if (!after) {
  console.error('usage: node bench/cold-start-build-vs-build.mjs <before package folder> <after package folder> [runs]');
  process.exit(2);
}
const { compileToolSet } = await import(pathToFileURL(join(before, 'server/index.js')).href);
const { sampleTools } = await import(pathToFileURL(join(before, 'web/demo/sample-tools.mjs')).href);
const scratch = mkdtempSync(join(os.tmpdir(), 'rc-cold-ab-'));
const toolSetFile = join(scratch, 'tools.rct');
writeFileSync(toolSetFile, (await compileToolSet(sampleTools)).bytes);

const loadavg = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');
const start = loadavg();
const times = new Map([[before, []], [after, []]]);
try {
  for (let round = 0; round < runs; round++) {
    for (const dir of round % 2 ? [after, before] : [before, after]) {
      const out = execFileSync(process.execPath, [join(dir, 'bench/cold-start-run.mjs'), 'set', toolSetFile]);
      times.get(dir).push(JSON.parse(out));
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`Cold start, compiled set, fresh Node process per run, ${runs} runs each, alternating; loadavg before ${start}, after ${loadavg()}`);
for (const [dir, rows] of times) {
  const total = describeTimes(rows.map((r) => r.totalMs));
  const part = (key) => median(rows.map((r) => r[key])).toFixed(2);
  console.log(`  ${dir}: median ${total.median.toFixed(2)} ms, best ${total.best.toFixed(2)} (create ${part('createMs')} | first call ${part('firstCallMs')})`);
}
