// The evaluation budget on the WASM build (docs/validator.md): the hostile
// arguments answer within their bounds, a refusal has its own code and flag,
// and nothing stalls or throws. Named after the inputs they guard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { compileSchema, createCompanion, TOOL_ERROR_CODES } from '../../web/index.js';
import { startBackend } from '../support/test-backend.mjs';
import { chain, dynamicRecursiveOneOf, permutations, recursiveOneOf } from '../support/hostile-arguments.mjs';
import { cpuMs } from '../support/cpu-clock.mjs';

let backend;
before(async () => {
  backend = await startBackend();
});
after(() => backend.close());

// The page's synchronous validation cannot be cut by a tool's timeoutMs:
// this is the bound the budget must keep, on a noisy 2-core machine.
// Every bound here is on CPU time: the budget bounds work, and a loaded machine makes the same work
// take 3 to 5 times as long on the wall clock (the process waiting for a core).
const BOUND_MS = 2000;

function timed(f) {
  const start = cpuMs();
  const value = f();
  return { value, ms: cpuMs() - start };
}

test('arguments_too_complex is one of the tool error codes', () => {
  assert.ok(TOOL_ERROR_CODES.includes('arguments_too_complex'));
});

test('compileSchema: 20,000 permutations of one 8-member object under uniqueItems are valid, within the bound', async () => {
  const validator = await compileSchema({ type: 'array', uniqueItems: true });
  const text = JSON.stringify(permutations(20_000));
  const { value, ms } = timed(() => validator.validate(text));
  assert.deepEqual(value, { valid: true, errors: [] });
  assert.ok(ms < BOUND_MS, `${ms} ms`);
  const repeated = validator.validateValue([...permutations(3), { c: 3, b: 2, a: 1, d: 4, e: 5, f: 6, g: 7, h: 8 }]);
  assert.equal(repeated.errors[0].error, 'items 0 and 3 are equal (uniqueItems)');
  assert.equal(repeated.tooComplex, undefined);
  validator.delete();
});

test('compileSchema: the recursive oneOf at 21 and 40 levels is linear', async () => {
  const validator = await compileSchema(recursiveOneOf);
  for (const levels of [21, 40]) {
    const { value, ms } = timed(() => validator.validateValue(chain(levels)));
    assert.deepEqual(value, { valid: true, errors: [] }, `${levels} levels`);
    assert.ok(ms < 200, `${levels} levels: ${ms} ms`);
    assert.equal(validator.validateValue(chain(levels, { kind: 'c' })).valid, false);
  }
  validator.delete();
});

test('compileSchema: the recursive oneOf through $dynamicRef at 40 levels is refused with tooComplex', async () => {
  const validator = await compileSchema(dynamicRecursiveOneOf);
  assert.equal(validator.validateValue(chain(8)).valid, true);
  const { value, ms } = timed(() => validator.validateValue(chain(40)));
  assert.equal(value.valid, false);
  assert.equal(value.tooComplex, true);
  assert.equal(value.errors.length, 1);
  assert.match(value.errors[0].error, /costs more to check than the budget allows/);
  assert.ok(ms < BOUND_MS, `${ms} ms`);
  validator.delete();
});

test('a tool call with the recursive oneOf through $dynamicRef answers arguments_too_complex within its bounds, never a throw', async () => {
  const companion = await createCompanion({
    baseUrl: backend.origin,
    tools: [{ type: 'function', name: 'tree', description: 'tree', parameters: dynamicRecursiveOneOf, route: { timeoutMs: 1000 } }],
  });
  try {
    const before = backend.requests.length;
    const start = cpuMs();
    const result = await companion.functionHandler({ name: 'tree', arguments: JSON.stringify(chain(40)) });
    const ms = cpuMs() - start;
    assert.equal(result.error.code, 'arguments_too_complex');
    assert.equal(result.error.tool, 'tree');
    assert.match(result.error.message, /Nothing was fetched/);
    assert.ok(ms < BOUND_MS, `${ms} ms`);
    assert.equal(backend.requests.length, before);
  } finally {
    companion.dispose();
  }
});

test('a tool call with 20,000 permuted objects under uniqueItems is validated within its bounds and sent', async () => {
  const companion = await createCompanion({
    baseUrl: backend.origin,
    tools: [{
      type: 'function', name: 'json', description: 'rows',
      parameters: { type: 'object', properties: { rows: { type: 'array', uniqueItems: true } } },
      route: { method: 'POST', timeoutMs: 5000 },
    }],
  });
  try {
    const args = JSON.stringify({ rows: permutations(20_000) });
    assert.ok(args.length < 1024 * 1024);
    const start = cpuMs();
    const result = await companion.functionHandler({ name: 'json', arguments: args });
    assert.equal(result.error, undefined, JSON.stringify(result).slice(0, 300));
    const ms = cpuMs() - start; // the page's check and the backend's read, both in this process
    assert.ok(ms < BOUND_MS, `${ms} ms of CPU`);
  } finally {
    companion.dispose();
  }
});
