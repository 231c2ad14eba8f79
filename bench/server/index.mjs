// `npm run bench:server`: the server benchmarks, each in a fresh Node process, one after the other:
//   server-load.mjs   the ephemeral-key handler under load, against the OpenAI stand-in
//   supervision.mjs   many supervised calls at once (run with --expose-gc, to read the heap)
// Each takes its own flags when run alone (`node bench/server/server-load.mjs --rounds 40`).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const [bench, ...flags] of [['server-load.mjs'], ['supervision.mjs', '--expose-gc']]) {
  console.log(`\n=== bench/server/${bench}`);
  execFileSync(process.execPath, [...flags, fileURLToPath(new URL(bench, import.meta.url))], { stdio: 'inherit' });
}
