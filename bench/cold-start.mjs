// `npm run bench:startup`: COLD start, from the .wasm bytes (and the compiled
// set or the raw tools) in memory to the first routed tool call's result, on
// both paths: a compiled set on the browser core, and raw tools compiled by the
// compiler artifact. Every run is a fresh Node process or a fresh Chromium
// realm (see bench/cold-start-chromium.mjs); the paths alternate run by run,
// so machine noise falls on both alike. Prints figures; asserts nothing.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { compileToolSet } from '../server/index.js';
import { sampleTools } from '../web/demo/sample-tools.mjs';
import { freshBrowserPerRun, freshContextPerRun, serve } from './cold-start-chromium.mjs';
import { describeTimes, median } from './cold-start-stats.mjs';

const RUNS = 20;
const GOAL_MS = 5; // the goal for the compiled path
const root = fileURLToPath(new URL('..', import.meta.url));
const paths = [['set', 'compiled set'], ['tools', 'raw tools']];

const { bytes: toolSet } = await compileToolSet(sampleTools);
const scratch = mkdtempSync(join(os.tmpdir(), 'rc-cold-'));
const toolSetFile = join(scratch, 'tools.rct');
writeFileSync(toolSetFile, toolSet);

const loadavg = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');
const ms = (value) => value.toFixed(2).padStart(7);

const nodeFreshProcess = {
  name: `Node ${process.version}, fresh process per run`,
  async run(path) {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bench/cold-start-run.mjs'), path, toolSetFile]);
    return JSON.parse(stdout);
  },
  close: async () => {},
};

async function measure(environment) {
  const before = loadavg();
  const runs = { set: [], tools: [] };
  for (let round = 0; round < RUNS; round++) {
    for (const [path] of paths) runs[path].push(await environment.run(path));
  }
  report(environment.name, runs, before, loadavg());
}

function report(name, runs, before, after) {
  console.log(`\n${name}: ${RUNS} runs per path, interleaved; loadavg before ${before}, after ${after}`);
  const header = ['path'.padEnd(13), 'median'.padStart(7), 'best'.padStart(7), 'q1 .. q3 (ms)'.padStart(18), 'max/min'];
  console.log(`  ${header.join('  ')}   median split: create (instantiate + createCompanion) | first call`);
  for (const [path, label] of paths) {
    const total = describeTimes(runs[path].map((run) => run.totalMs));
    const split = `${ms(median(runs[path].map((run) => run.createMs)))} | ${ms(median(runs[path].map((run) => run.firstCallMs)))}`;
    console.log(`  ${label.padEnd(13)}  ${ms(total.median)}  ${ms(total.best)}  ${ms(total.q1)} .. ${ms(total.q3)}  ${total.maxOverMin.toFixed(2).padStart(6)}×     ${split}`);
  }
  const [set, tools] = paths.map(([path]) => describeTimes(runs[path].map((run) => run.totalMs)));
  console.log(`  raw/compiled: median ${(tools.median / set.median).toFixed(2)}×, best ${(tools.best / set.best).toFixed(2)}×`);
  const verdict = set.median <= GOAL_MS ? 'within' : `${(set.median - GOAL_MS).toFixed(2)} ms over`;
  console.log(`  goal ≤ ${GOAL_MS} ms for the compiled path: median ${set.median.toFixed(2)} ms (${verdict})`);
}

console.log(`Cold start: bytes in memory -> first routed tool call's result. Goal (the issue): ≤ ${GOAL_MS} ms on the compiled path.`);
console.log(`${os.cpus().length} cores, ${os.cpus()[0]?.model}; loadavg (1, 5, 15 min) at start ${loadavg()}`);
const size = (file) => statSync(join(root, 'dist', file)).size;
console.log(`wasm: browser core ${size('realtime-companion-browser.wasm')} B, compiler ${size('realtime-companion-core.wasm')} B; compiled set ${toolSet.byteLength} B`);
const server = await serve(root, toolSet);
try {
  for (const open of [async () => nodeFreshProcess, () => freshContextPerRun(server.origin), () => freshBrowserPerRun(server.origin)]) {
    const environment = await open();
    try {
      await measure(environment);
    } finally {
      await environment.close();
    }
  }
} finally {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`\nloadavg at end ${loadavg()}`);
