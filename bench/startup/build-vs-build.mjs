// Cold start of two builds, alternating run by run:
//   node bench/startup/build-vs-build.mjs <before> <after> [runs] [--chromium]
// each a package folder with its own web/, common/, server/ and dist/ (each build reads the tool set its
// own compiler writes, so two builds may differ in the set's format version; <before> also needs
// examples/demo/sample-tools.mjs). Every run is a fresh Node process timing the compiled-set path
// with this checkout's bench/startup/in-node.mjs or, with --chromium, a fresh context and page of
// one Chromium, each build served on its own origin with this checkout's bench/ (in-page.mjs), so
// both builds are measured by the same code, and a flag's effect on start-up is read beside the
// machine's noise of the minute. Prints the phases of each; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { load, printLoad, printMachine, printPhases } from './report.mjs';

const { values: flags, positionals } = parseArgs({ options: { chromium: { type: 'boolean', default: false } }, allowPositionals: true });
const [before, after] = positionals.slice(0, 2).map((dir) => resolve(dir));
const runs = Number(positionals[2] ?? 20);
if (!after || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/startup/build-vs-build.mjs <before package folder> <after package folder> [runs] [--chromium]');
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

const benchRoot = fileURLToPath(new URL('../..', import.meta.url));
const environment = flags.chromium ? await inChromium() : inNodeProcesses();
printMachine();
const start = load();
const times = new Map([[before, []], [after, []]]);
try {
  for (let round = 0; round < runs; round++) {
    for (const dir of round % 2 ? [after, before] : [before, after]) times.get(dir).push(await environment.run(dir));
  }
} finally {
  await environment.close();
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`\nCold start, compiled set, ${environment.name}, ${runs} runs each, alternating`);
printLoad(start, load());
const totals = [...times].map(([dir, rows]) => printPhases(dir, rows));
console.log(`  after / before, total: median ${(totals[1].median / totals[0].median).toFixed(2)}×, min ${(totals[1].min / totals[0].min).toFixed(2)}×`);

function inNodeProcesses() {
  return {
    name: 'fresh Node process per run',
    run: async (dir) => JSON.parse(execFileSync(process.execPath, [inNode, 'set', setFiles.get(dir), dir])),
    close: async () => {},
  };
}

// Imported here only: a Node-only run needs no browser.
async function inChromium() {
  const { chromium } = await import('playwright-core');
  const { chromiumPath, baseArgs } = await import('../../tests/support/chromium.mjs');
  const { coldStartInNewContext, serve } = await import('./chromium.mjs');
  const servers = new Map();
  for (const dir of [before, after]) servers.set(dir, await serve(`${dir}/`, readFileSync(setFiles.get(dir)), { benchRoot }));
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: baseArgs });
  return {
    name: `Chromium ${browser.version()}, fresh context and page per run`,
    run: (dir) => coldStartInNewContext(browser, servers.get(dir).origin, 'set'),
    async close() {
      await browser.close();
      for (const server of servers.values()) server.close();
    },
  };
}
