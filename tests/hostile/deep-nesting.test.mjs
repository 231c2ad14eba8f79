// Tools nested 20,000 levels deep (a schema nested that deep) gave a bare
// "RangeError: Maximum call stack size exceeded" from every entry point,
// instead of the documented CompanionConfigError (and, from the CLI, a clear
// error and exit code 1). JSON.stringify recurses: each entry point now
// measures the nesting with its own stack first (common/json-text.js) and refuses
// past the core's depth (the limit jsonDepth).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createCompanion, compileSchema, lintTools, CompanionConfigError } from '../../web/index.js';
import { compileToolSet, createToolMiddleware, createToolSetHandler } from '../../server/index.js';
import { jsonText, nestingDepth } from '../../common/json-text.js';
import { loadCore } from '../../common/load-core.js';
import { construct } from '../../common/wire.js';

const LEVELS = 20_000;

function deepSchema(levels) {
  const root = { type: 'object' };
  let at = root;
  for (let i = 0; i < levels; i++) {
    at.properties = { a: { type: 'object' } };
    at = at.properties.a;
  }
  return root;
}
const deep = deepSchema(LEVELS / 2); // two JSON levels per schema level
const tools = [{ type: 'function', name: 'deep', parameters: deep }];

const configError = (error) => {
  assert.ok(error instanceof CompanionConfigError, `${error?.constructor?.name}: ${error?.message}`);
  assert.match(error.message, /nested deeper than 128 levels/);
  return true;
};

test('nesting is measured without the call stack, shared objects once', () => {
  assert.equal(nestingDepth(deep, 128), 129, 'stops one past the limit');
  assert.equal(nestingDepth(deep, Infinity), LEVELS + 1);
  assert.equal(nestingDepth([[[]], [[[]]]], 10), 4);
  assert.equal(nestingDepth({ a: 1, b: 'x', c: null, d: new Date(0) }, 10), 1);
  // A value small in memory and enormous as text: 60 levels, each holding the next twice.
  let shared = [];
  for (let i = 0; i < 60; i++) shared = [shared, shared];
  assert.equal(nestingDepth(shared, 200), 61);
  assert.equal(nestingDepth({ toJSON: () => [[[]]] }, 10), 3);
  const cyclic = { a: [] };
  cyclic.a.push(cyclic);
  assert.throws(() => jsonText(cyclic, 'the tools', 128), TypeError, 'a cycle is JSON.stringify\'s to name');
});

// Text JSON.stringify cannot write, written by hand (JSON.parse reads it without recursing).
function deepToolsText(levels) {
  return `[{"type":"function","name":"deep","parameters":${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"object"}${'}}'.repeat(levels)}}]`;
}

test('the core refuses 20,000 levels of text by itself, from every binding that parses JSON', async () => {
  const module = await loadCore();
  const text = deepToolsText(LEVELS / 2);
  const deeper = /deeper than 128 levels/;
  assert.throws(() => construct(module, 'ToolSetCompilation', `{"tools":${text}}`), deeper);
  assert.throws(() => construct(module, 'CoreSchema', text.slice(text.indexOf('{"type":"object"'), -2), '{}'), deeper);
  assert.throws(() => construct(module, 'ToolRequestMatcher', `{"tools":${text},"baseOrigin":"http://localhost"}`), deeper);
  assert.match(module.lintTools(text, '{}'), deeper);
});

test('createCompanion({ tools }) refuses 20,000 levels with a CompanionConfigError', async () => {
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', tools }), configError);
});

test('compileToolSet and createToolSetHandler refuse 20,000 levels with a CompanionConfigError', async () => {
  await assert.rejects(compileToolSet(tools), configError);
  await assert.rejects(createToolSetHandler(tools).ready, configError);
});

test('the CLI refuses 20,000 levels with exit code 1 and says why', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rc-deep-'));
  await writeFile(join(dir, 'tools.json'), deepToolsText(LEVELS / 2));
  const cli = new URL('../../bin/realtime-companion.js', import.meta.url).pathname;
  const run = await promisify(execFile)(process.execPath, [cli, 'compile', join(dir, 'tools.json'), '-o', join(dir, 'tools.rct')])
    .then(() => ({ code: 0 }), (error) => ({ code: error.code, stderr: error.stderr }));
  assert.equal(run.code, 1);
  assert.match(run.stderr, /nested deeper than 128 levels of JSON \(the limit jsonDepth\)/);
  assert.doesNotMatch(run.stderr, /RangeError|at .*\.js:\d+/);
});

test('lintTools refuses 20,000 levels with a CompanionConfigError', async () => {
  await assert.rejects(lintTools(tools), configError);
});

test('compileSchema refuses 20,000 levels with a CompanionConfigError', async () => {
  await assert.rejects(compileSchema(deep), configError);
});

test('createToolMiddleware refuses 20,000 levels with a CompanionConfigError', async () => {
  await assert.rejects(createToolMiddleware(tools), configError);
});
