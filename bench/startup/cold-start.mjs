// `npm run bench:startup`: COLD start of a companion on a compiled set, from the .wasm bytes
// (and the set) in memory to the first routed tool call's result, cut into phases: compile
// (WebAssembly.compile), instantiate, runtime init, companion (createCompanion) and the first
// call (function_handler's first call, answered by an instant fake backend). Every run is a
// fresh Node process, then a fresh Chromium context and page (bench/startup/chromium.mjs).
// Prints figures and the budgets they are read against; asserts nothing.
//
//   node bench/startup/cold-start.mjs [--runs N] [--raw-tools] [--fresh-browser] [--no-chromium]
//
// --raw-tools adds the raw-tools path (the compiler artifact compiling the tools in the page),
// interleaved run by run with the compiled set, so machine noise falls on both alike.
// --fresh-browser adds a fresh Chromium process per run (nothing cached, but slower).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

import { compileToolSet } from '../../server/index.js';
import { sampleTools } from '../../examples/demo/sample-tools.mjs';
import { freshBrowserPerRun, freshContextPerRun, serve } from './chromium.mjs';
import { paths as allPaths } from './paths.mjs';
import { load, printLoad, printMachine, printPhases } from './report.mjs';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    'raw-tools': { type: 'boolean', default: false },
    'fresh-browser': { type: 'boolean', default: false },
    'no-chromium': { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number of runs, at least 1 (got ${JSON.stringify(flags.runs)})`);
  process.exit(2);
}
// The budgets for the compiled-set path (issue 28), per environment.
const BUDGET_MS = { node: 12, chromium: 15 };
const root = fileURLToPath(new URL('../..', import.meta.url));
const paths = flags['raw-tools'] ? allPaths : allPaths.filter(([path]) => path === 'set');

const { bytes: toolSet } = await compileToolSet(sampleTools);
const scratch = mkdtempSync(join(os.tmpdir(), 'rc-cold-'));
const toolSetFile = join(scratch, 'tools.rct');
writeFileSync(toolSetFile, toolSet);

const nodeFreshProcess = {
  name: `Node ${process.version}, fresh process per run`,
  budgetMs: BUDGET_MS.node,
  async run(path) {
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bench/startup/in-node.mjs'), path, toolSetFile]);
    return JSON.parse(stdout);
  },
  close: async () => {},
};

async function measure(environment) {
  const before = load();
  const times = Object.fromEntries(paths.map(([path]) => [path, []]));
  for (let round = 0; round < runs; round++) {
    for (const [path] of paths) times[path].push(await environment.run(path));
  }
  const after = load();
  console.log(`\n${environment.name}: ${runs} runs${paths.length > 1 ? ' per path, interleaved' : ''}`);
  printLoad(before, after);
  const totals = paths.map(([path, label]) => printPhases(label, times[path], path === 'set' ? environment.budgetMs : undefined));
  if (paths.length > 1) console.log(`  raw / compiled, total: median ${(totals[1].median / totals[0].median).toFixed(2)}×, min ${(totals[1].min / totals[0].min).toFixed(2)}×`);
}

console.log("Cold start: bytes in memory -> first routed tool call's result, a fresh process or page per run.");
console.log(`Budgets (issue 28), compiled set, median: ≤ ${BUDGET_MS.node} ms in Node, ≤ ${BUDGET_MS.chromium} ms in Chromium.`);
printMachine();
const size = (file) => statSync(join(root, 'dist', file)).size;
console.log(`wasm: browser core ${size('realtime-companion-browser.wasm')} B, compiler ${size('realtime-companion-core.wasm')} B; compiled set ${toolSet.byteLength} B`);
const environments = [async () => nodeFreshProcess];
const server = flags['no-chromium'] ? undefined : await serve(root, toolSet);
if (server) {
  const withBudget = (environment) => ({ ...environment, budgetMs: BUDGET_MS.chromium });
  environments.push(async () => withBudget(await freshContextPerRun(server.origin)));
  if (flags['fresh-browser']) environments.push(async () => withBudget(await freshBrowserPerRun(server.origin)));
}
try {
  for (const open of environments) {
    const environment = await open();
    try {
      await measure(environment);
    } finally {
      await environment.close();
    }
  }
} finally {
  server?.close();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`\nloadavg at end ${load().text}`);
