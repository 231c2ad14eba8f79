#!/usr/bin/env node
// Runs every libFuzzer target for a bounded time: `node scripts/fuzz.mjs [seconds]`.
// `npm test` runs each for a few seconds; `npm run fuzz` for longer. Seeds stay
// in tests/fuzz/corpus/<target>/ (read only); what the fuzzer learns goes to
// build/native-fuzz/corpus/<target>/. A crash writes its input to
// build/native-fuzz/crashes/ and fails the run: turn it into a named regression test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 60);
const buildDir = join(root, 'build/native-fuzz');

build('native-fuzz');
const targets = readdirSync(join(root, 'tests/fuzz/targets'))
  .filter((f) => f.endsWith('.cpp'))
  .map((f) => f.replace(/\.cpp$/, ''));

let failed = 0;
const rows = [];
for (const target of targets) {
  const learned = join(buildDir, 'corpus', target);
  const crashes = join(buildDir, 'crashes', target);
  mkdirSync(learned, { recursive: true });
  mkdirSync(crashes, { recursive: true });
  const run = spawnSync(join(buildDir, `fuzz_${target}`), [
    `-max_total_time=${seconds}`, '-timeout=10', '-rss_limit_mb=2048', '-max_len=65536', '-print_final_stats=1',
    `-artifact_prefix=${crashes}/`, learned, join(root, 'tests/fuzz/corpus', target),
  ], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'halt_on_error=1' } });
  const output = `${run.stdout}${run.stderr}`;
  const runs = /stat::number_of_executed_units:\s*(\d+)/.exec(output)?.[1] ?? '?';
  const ok = run.status === 0;
  if (!ok) {
    failed++;
    console.error(output.split('\n').slice(-40).join('\n'));
  }
  rows.push({ target, seconds, executions: runs, result: ok ? 'no findings' : `FAILED (exit ${run.status}), see ${crashes}` });
}
console.log('\nfuzz target             seconds   executions  result');
for (const r of rows) {
  console.log(`${r.target.padEnd(22)} ${String(r.seconds).padStart(8)} ${String(r.executions).padStart(12)}  ${r.result}`);
}
console.log(`fuzz: ${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
