// What the compiler gets of the list the page and the server share (server/page-tool-list.js):
// no function is dropped without a word. The server's tools are left out, a page-run tool's
// `execute` becomes the set's marker `execute: true`, any other function is refused naming the
// tool and the field, and the caller's list is left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { pageToolList } from '../../server/page-tool-list.js';
import { compileToolSet } from '../../server/index.js';
import { CompanionConfigError } from '../../web/index.js';

const WEATHER = { type: 'function', name: 'get_weather', parameters: { type: 'object' }, route: { method: 'GET' } };

test('the server\'s tools are left out and execute is marked; validation and the caller\'s list are kept', () => {
  const execute = () => ({ dark: true });
  const list = [WEATHER, { name: 'set_theme', execute, needsApproval: true, timeoutMs: 2000 }, { name: 'lookup_order', handler: async () => ({}) }];
  assert.deepEqual(pageToolList({ tools: list, validation: { maxErrors: 2 } }, 'f'), {
    tools: [WEATHER, { name: 'set_theme', execute: true, needsApproval: true, timeoutMs: 2000 }],
    validation: { maxErrors: 2 },
  });
  assert.equal(list[1].execute, execute, 'the page keeps its function');
  assert.equal(list.length, 3);
});

test('any other function is refused, naming the tool (or its index) and the field', () => {
  assert.throws(() => pageToolList([{ ...WEATHER, needsApproval: () => true }], 'compileToolSet'),
    (e) => e instanceof CompanionConfigError && /compileToolSet: tool get_weather: `needsApproval` is a function, which a compiled set cannot hold \(it is JSON\); give true or false, or pass the tools to createCompanion\(\{ tools \}\)/.test(e.message));
  assert.throws(() => pageToolList([WEATHER, { name: 'bad name', excute: () => 1 }], 'f'), /f: tool \[1\]: `excute` is a function, which a compiled set cannot hold \(it is JSON\)$/);
  assert.throws(() => pageToolList('tools', 'f'), /f: the tools must be an array, or \{ tools: \[\.\.\.\], validation \}/);
  assert.throws(() => pageToolList({ tools: 'x' }, 'f'), /the tools must be an array/);
});

test('compileToolSet of the shared list is the set of the page\'s part', async () => {
  const shared = await compileToolSet([WEATHER, { name: 'lookup_order', description: 'An order', handler: async () => ({}), timeoutMs: 500 }]);
  assert.equal(shared.hash, (await compileToolSet([WEATHER])).hash);
});
