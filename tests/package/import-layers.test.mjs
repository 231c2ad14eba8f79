// Which folder may import which: every arrow points down, so a change to the page API cannot break
// the server, and the other way round.
//
//   examples/  the demo and the recipes: anything the package ships (web/, server/, testing/)
//   bin/       the command line: the server's compiler
//   web/       the page API (`realtime-companion`)        ─┐
//   server/    the server half (`…/server`)                 ├─► common/ ─► dist/ (Emscripten glue)
//   testing/   OpenAI's stand-in (`…/testing`)             ─┘
//
// web/, server/ and testing/ never import each other: the stand-in shares no code with the sides
// it checks. common/ is what the page and the server both run, so it runs in a browser too: no
// `node:` builtin and no package. A type may name another side's published entry (server's
// options take the page's `ToolDefinition`), never its internals.
//
// The arrows are read by esbuild (every static import, `export … from` and dynamic import of a
// literal), and by a scan of the `.d.ts` files and JSDoc `import('…')` types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** folder → the folders its code may import at run time (its own included). */
const RUNTIME = {
  common: ['common', 'dist'],
  web: ['web', 'common', 'dist'],
  server: ['server', 'common'],
  testing: ['testing', 'common'],
  bin: ['bin', 'server', 'common'],
  examples: ['examples', 'web', 'server', 'testing'],
};
/** Besides those, the published entries a type may name: the page's types, which the server's options take. */
const TYPE_ENTRIES = { server: ['web/index.js', 'web/index.d.ts'], examples: ['web/index.js', 'server/index.js', 'testing/index.js'] };
/** Folders whose code runs in a page: no builtin, no package. */
const IN_PAGE = new Set(['web', 'common']);

const toPosix = (path) => path.split(sep).join('/');
const folderOf = (path) => path.split('/')[0];

function sources(ext) {
  return Object.keys(RUNTIME).flatMap((folder) => readdirSync(join(root, folder), { recursive: true })
    .map((file) => toPosix(join(folder, file)))
    .filter((file) => ext.test(file) && !file.includes('node_modules')));
}

/** Where a relative specifier in `file` lands, as a path from the package root. */
const target = (file, spec) => posix.normalize(posix.join(posix.dirname(file), spec));

/** Every run-time import in the code: { file, spec, kind }. */
async function runtimeImports(files) {
  const found = [];
  await esbuild.build({
    entryPoints: files.map((file) => join(root, file)),
    bundle: true, write: false, outdir: join(root, 'build/import-layers'), format: 'esm', platform: 'neutral', logLevel: 'silent',
    plugins: [{
      name: 'record-imports',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          found.push({ file: toPosix(relative(root, args.importer)), spec: args.path, kind: args.kind });
          return { external: true };
        });
      },
    }],
  });
  return found;
}

/** Every type reference: `from '…'` / `import('…')` in a .d.ts, `import('…')` in a .js block comment. */
function typeImports(files) {
  return files.flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    if (file.endsWith('.d.ts')) return [...text.matchAll(/(?:\bfrom\s*|\bimport\(\s*)(['"])([^'"]+)\1/g)].map((m) => ({ file, spec: m[2], kind: 'type' }));
    const comments = [...text.matchAll(/\/\*[\s\S]*?\*\//g)].join('\n'); // JSDoc: the code's own imports are esbuild's
    return [...comments.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)].map((m) => ({ file, spec: m[2], kind: 'type' }));
  });
}

/** Why this arrow points the wrong way, or null. */
function wrongArrow({ file, spec, kind }) {
  const from = folderOf(file);
  if (!spec.startsWith('.')) {
    if (IN_PAGE.has(from)) return `${from}/ runs in a page: it imports no builtin or package`;
    return null;
  }
  const to = target(file, spec);
  if (to.startsWith('../')) return 'it reaches out of the package';
  if (RUNTIME[from].includes(folderOf(to))) return null;
  if (kind === 'type' && (TYPE_ENTRIES[from] ?? []).some((entry) => to === entry || `${to}.js` === entry)) return null;
  const allowed = RUNTIME[from].map((f) => `${f}/`).join(', ');
  return `${from}/ may import only ${allowed}${TYPE_ENTRIES[from] ? ` (types: also ${TYPE_ENTRIES[from].join(', ')})` : ''}`;
}

const code = sources(/\.m?js$/);
const imports = [...await runtimeImports(code), ...typeImports([...code, ...sources(/\.d\.ts$/)])];

test('the scan sees the imports (a scan that finds none would pass any layout)', () => {
  const has = (file, to, kind) => imports.some((i) => i.file === file && i.spec.startsWith('.') && target(file, i.spec) === to && (!kind || i.kind === kind));
  assert.ok(imports.length > 200, `only ${imports.length} imports found`);
  assert.ok(has('server/tool-set.js', 'common/tool-set.js', 'import-statement'));
  assert.ok(has('web/key-piece.js', 'web/keys.js', 'dynamic-import'));
  assert.ok(has('common/wire.js', 'common/marshal.js', 'export-from') || has('common/wire.js', 'common/marshal.js'));
  assert.ok(has('server/index.d.ts', 'web/index.js', 'type'));
  assert.ok(has('server/tool-middleware.js', 'web/index', 'type'));
});

test('the rule refuses an arrow up or across', () => {
  assert.match(wrongArrow({ file: 'server/x.js', spec: '../web/attach.js', kind: 'import-statement' }), /server\/ may import only/);
  assert.match(wrongArrow({ file: 'common/x.js', spec: '../server/index.js', kind: 'dynamic-import' }), /common\/ may import only/);
  assert.match(wrongArrow({ file: 'testing/x.js', spec: '../server/options.js', kind: 'import-statement' }), /testing\/ may import only/);
  assert.match(wrongArrow({ file: 'server/x.js', spec: '../web/attach.js', kind: 'type' }), /types: also/);
  assert.match(wrongArrow({ file: 'common/x.js', spec: 'node:fs', kind: 'import-statement' }), /runs in a page/);
  assert.equal(wrongArrow({ file: 'web/x.js', spec: '../common/wire.js', kind: 'import-statement' }), null);
});

test('every import in web/, server/, common/, testing/, bin/ and examples/ points down', () => {
  const wrong = imports.flatMap((i) => {
    const why = wrongArrow(i);
    return why ? [`${i.file} imports '${i.spec}' (${i.kind}): ${why}`] : [];
  });
  assert.deepEqual([...new Set(wrong)], [], `imports that point the wrong way:\n  ${[...new Set(wrong)].join('\n  ')}`);
});

// A benchmark prints figures and may change its output at will; a test or a script that imported
// one would break when it did. What both need to measure lives in scripts/measure/.
const IMPORT_OF_BENCH = /(?:\bfrom\s*|\bimport\(\s*)(['"])([^'"]*\/bench\/[^'"]*)\1/g;

test('no test or script imports bench/', () => {
  const sample = `import { x } from '../../${'bench'}/size/page.mjs'`; // built, so this file does not match itself
  assert.equal([...sample.matchAll(IMPORT_OF_BENCH)].length, 1, 'the scan must see a bench import');
  const wrong = ['tests', 'scripts'].flatMap((folder) => readdirSync(join(root, folder), { recursive: true })
    .map((file) => toPosix(join(folder, file)))
    .filter((file) => /\.m?js$/.test(file) && !file.includes('node_modules'))
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(IMPORT_OF_BENCH)].map((m) => `${file} imports '${m[2]}'`)));
  assert.deepEqual(wrong, []);
});
