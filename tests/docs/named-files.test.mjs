// Every repository path the README and docs/ name exists: a doc that points at a moved or
// deleted file sends a newcomer nowhere. Paths are read from the text (a folder of the project
// followed by a file or folder name); globs (`tests/server/rate-limit*.test.mjs`) are left out,
// and so is build output (dist/, build/), which is not a folder the check knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['web', 'server', 'common', 'src', 'bindings', 'bench', 'tests', 'testing', 'scripts', 'cmake', 'examples', 'bin', 'docs'];
// A folder name at a word's start, then path characters; a trailing `*` marks a glob.
const PATH = new RegExp(`(?<![\\w./-])((?:${FOLDERS.join('|')})/[\\w./-]*[\\w])(\\*?)`, 'g');

// The CHANGELOG is history: it names files as they were.
function documents() {
  const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** [document, path] for each path a document names that is not in the checkout. */
function missingPaths(docs) {
  const missing = [];
  for (const doc of docs) {
    const text = readFileSync(join(root, doc), 'utf8');
    for (const [, path, glob] of text.matchAll(PATH)) {
      if (glob || path.includes('*')) continue;
      if (!existsSync(join(root, path))) missing.push([doc, path]);
    }
  }
  return missing;
}

test('every file the README and docs/ name exists', () => {
  const docs = documents();
  assert.ok(docs.includes('docs/ARCHITECTURE.md'), 'docs/ARCHITECTURE.md is read');
  const missing = missingPaths(docs);
  assert.deepEqual(missing, [], `named but missing:\n${missing.map(([doc, path]) => `  ${doc}: ${path}`).join('\n')}`);
});

test('the check finds a path that does not exist', () => {
  // The reader itself, on a made-up document: a check that finds nothing proves nothing.
  const text = 'See `web/no-such-file.js` and `server/index.js`, and tests/server/rate-limit*.test.mjs.';
  const found = [...text.matchAll(PATH)].filter(([, path, glob]) => !glob && !existsSync(join(root, path))).map(([, path]) => path);
  assert.deepEqual(found, ['web/no-such-file.js']);
});
