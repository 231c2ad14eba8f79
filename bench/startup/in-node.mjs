// One cold start in a fresh Node process, spawned by bench/startup/cold-start.mjs and
// bench/startup/build-vs-build.mjs:
//   node bench/startup/in-node.mjs <set|tools> <tool-set file> [package folder]
// The package folder (default: this checkout) holds the web/, common/ and dist/ to time, so two builds
// are timed by the same measuring code. Prints one JSON line.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { artifactOf } from './paths.mjs';
import { timeColdStart, warmUpFetch } from './span.mjs';

const [path, toolSetFile, packageDir] = process.argv.slice(2);
if (!['set', 'tools'].includes(path) || !toolSetFile) {
  console.error('usage: node bench/startup/in-node.mjs <set|tools> <tool-set file> [package folder]');
  process.exit(2);
}
const root = packageDir ? pathToFileURL(`${resolve(packageDir)}/`) : new URL('../../', import.meta.url);
const { name, loader } = artifactOf(path);

// Everything outside the span first: the files, the package and the glue (load-core imports the
// glue lazily; imported here, that import is a module-map hit, so the span holds no file read).
const wasm = new Uint8Array(await readFile(new URL(`dist/${name}.wasm`, root)));
const source = path === 'set'
  ? { wasm, toolSet: new Uint8Array(await readFile(toolSetFile)) }
  : { wasm, tools: (await import(new URL('examples/demo/sample-tools.mjs', root))).sampleTools };
const { createCompanion } = await import(new URL('web/index.js', root));
const loadCore = await import(new URL('common/load-core.js', root));
if (typeof loadCore[loader] !== 'function') throw new Error(`common/load-core.js exports no ${loader}: the bench loads the artifact through it`);
// The standalone browser core has no glue; a tree from before it (build-vs-build) has one.
if (existsSync(new URL(`dist/${name}.mjs`, root))) await import(new URL(`dist/${name}.mjs`, root));
await warmUpFetch();

console.log(JSON.stringify(await timeColdStart({ createCompanion, loadArtifact: loadCore[loader] }, source)));
