// `node bench/speed/regex-match.mjs [rounds] [ms per round]`: builds bench/speed/regex-match.cpp
// (the regex engine alone, -O2, the native compiler) into build/bench/ and runs
// it: the Pike VM and the DFA fast path side by side on typical tool patterns.
// Prints the machine load before and after, since the figures depend on it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'build/bench');
mkdirSync(out, { recursive: true });
const engine = readdirSync(join(root, 'src/schema/regex'))
  .filter((f) => f.endsWith('.cpp') && f !== 'regex_codec.cpp')
  .map((f) => join(root, 'src/schema/regex', f));
const binary = join(out, 'regex-match');
execFileSync(process.env.CXX ?? 'c++', ['-std=c++20', '-O2', '-DNDEBUG', `-I${join(root, 'src')}`,
  join(root, 'bench/speed/regex-match.cpp'), ...engine, '-o', binary], { stdio: 'inherit' });

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average before: ${load()} (${os.cpus().length} cores)`);
process.stdout.write(execFileSync(binary, process.argv.slice(2), { encoding: 'utf8' }));
console.log(`load average after:  ${load()}`);
