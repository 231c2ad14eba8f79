// compileSchema and lintTools as a page uses them, on the WASM build.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { compileSchema, createCompanion, lintTools, CompanionConfigError } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';
import { heapUsedBytes } from '../../common/wire.js';
import { cpuMs } from '../support/cpu-clock.mjs';

test('validate(jsonText) and validateValue(value) answer { valid, errors } in the basic output shape', async () => {
  const validator = await compileSchema({
    type: 'object',
    properties: { n: { type: 'integer', minimum: 1 }, when: { type: 'string', format: 'date' } },
    required: ['n'],
  });
  assert.deepEqual(validator.validate('{"n":1.0,"when":"2026-11-24"}'), { valid: true, errors: [] });
  const bad = validator.validateValue({ n: 0, when: '24/11/2026' });
  assert.equal(bad.valid, false);
  assert.deepEqual(bad.errors.map((e) => [e.instanceLocation, e.keywordLocation]).sort(), [['/n', '/properties/n/minimum'], ['/when', '/properties/when/format']]);
  assert.equal(validator.validate('{"n":').valid, false);
  validator.delete();
  assert.throws(() => validator.validate('{}'), /deleted/);
});

test('validate() given a value instead of JSON text says so and points to validateValue()', async () => {
  const validator = await compileSchema({ type: 'object' });
  for (const [given, kind] of [[{ n: 1 }, 'an object'], [[1], 'an array'], [42, 'a number'], [null, 'null'], [undefined, 'undefined'], [true, 'a boolean']]) {
    assert.deepEqual(validator.validate(given), {
      valid: false,
      errors: [{ instanceLocation: '', keywordLocation: '', error: `validate() takes JSON text and was given ${kind}; for a value, use validateValue()` }],
    });
  }
  assert.equal(validator.validate(new String('{}')).valid, true);
  assert.equal(validator.validateValue({ n: 1 }).valid, true);
  validator.delete();
});

test('a count of one is said in the singular (1 character, 1 item, 1 property)', async () => {
  const validator = await compileSchema({ type: 'object', properties: { s: { minLength: 1 }, a: { maxItems: 1 }, o: { minProperties: 1 } } });
  assert.deepEqual(validator.validate('{"s":"","a":[1,2],"o":{}}').errors.map((e) => e.error).sort(),
    ['must be at least 1 character long', 'must have at least 1 property', 'must have at most 1 item']);
  validator.delete();
});

test('the input lane: what was written before never leaks into a shorter text; bad text and values get a reason', async () => {
  const validator = await compileSchema({ type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 3 });
  assert.equal(validator.validate(JSON.stringify(['a'.repeat(5000), 'b'])).valid, true);
  assert.deepEqual(validator.validate('["c"]'), { valid: true, errors: [] }); // the buffer still holds the long text's tail
  assert.equal(validator.validate('["C"]').errors[0].instanceLocation, '/0');
  assert.equal(validator.validate('[]  ').valid, true);
  assert.equal(validator.validate('').valid, false);
  assert.equal(validator.validate('["\u00e9", "\u00fc"]').valid, false); // not [a-z]: UTF-8 in, code points matched
  const escaped = validator.validate('["a\\uD800"]'); // an escaped lone surrogate is JSON text like any other
  assert.equal(escaped.valid, false);
  const raw = validator.validate('["a\uD800"]'); // a raw one has no UTF-8 form: refused, not replaced
  assert.equal(raw.valid, false);
  assert.match(raw.errors[0].error, /lone surrogate at index 3/);
  const huge = validator.validate(`["${'a'.repeat(2 * 1024 * 1024)}"]`);
  assert.equal(huge.valid, false);
  assert.match(huge.errors[0].error, /larger than 1048576 bytes/);
  const cyclic = [];
  cyclic.push(cyclic);
  assert.match(validator.validateValue(cyclic).errors[0].error, /could not be serialised/);
  assert.match(validator.validateValue(10n).errors[0].error, /could not be serialised/);
  assert.match(validator.validateValue(undefined).errors[0].error, /not representable as JSON/);
  validator.delete();
});

test('errors read from WASM memory: every string cut where it ends, whatever its characters', async () => {
  const validator = await compileSchema({
    type: 'object',
    properties: { 'caf\u00e9': { maxLength: 2 }, '\u{1F600}/~': { enum: ['\u{1D11E}'] } },
    additionalProperties: false,
  });
  const result = validator.validate(JSON.stringify({ 'caf\u00e9': '\u00e9\u00e9\u00e9', '\u{1F600}/~': 'x', '\u2603': 1 }));
  // The same object, key for key, as JSON.parse of the old JSON text gave.
  assert.deepEqual(result, {
    valid: false,
    errors: [
      { instanceLocation: '/caf\u00e9', keywordLocation: '/properties/caf\u00e9/maxLength', error: 'must be at most 2 characters long' },
      { instanceLocation: '/\u{1F600}~1~0', keywordLocation: '/properties/\u{1F600}~1~0/enum', error: 'must be one of ["\u{1D11E}"]' },
      { instanceLocation: '/\u2603', keywordLocation: '/additionalProperties', error: 'property "\u2603" is not allowed' },
    ],
  });
  assert.equal(Object.hasOwn(result, 'truncated'), false);
  assert.deepEqual(validator.validate('{}'), { valid: true, errors: [] }); // a valid text after an invalid one
  validator.delete();
});

test('the input lane after the WASM memory grows: the next text is written into the new memory', async () => {
  const module = await loadCore();
  const small = await compileSchema({ type: 'array', items: { const: 'b' } });
  assert.equal(small.validate('["a"]').valid, false); // its buffer and view exist now
  const before = module.HEAPU8.length;
  const big = await compileSchema({ type: 'array' });
  assert.equal(big.validate(JSON.stringify(Array.from({ length: 120_000 }, (_, i) => i))).valid, true);
  assert.ok(module.HEAPU8.length > before, 'the memory grew');
  // A stale view would write nothing and leave '["a"]' in place to be read again.
  assert.deepEqual(small.validate('["b"]'), { valid: true, errors: [] });
  assert.equal(small.validate('["b","c"]').errors[0].instanceLocation, '/1');
  small.delete();
  big.delete();
});

test('maxErrors: evaluation stops at the last listed error', async () => {
  const one = await compileSchema({ items: { type: 'integer' } }, { maxErrors: 1 });
  const result = one.validate('["a","b","c"]');
  assert.deepEqual(result.errors.map((e) => e.instanceLocation), ['/0']);
  assert.equal(result.truncated, true);
  one.delete();
});

test('options: formats as annotation, draft-07 by default, remotes as the only reachable documents', async () => {
  const annotation = await compileSchema({ type: 'string', format: 'email' }, { formats: 'annotation' });
  assert.equal(annotation.validate('"not an email"').valid, true);
  annotation.delete();
  const draft7 = await compileSchema({ items: [{ type: 'integer' }] }, { defaultDialect: 'draft7' });
  assert.equal(draft7.validate('["x"]').valid, false); // draft-07's array form of items
  draft7.delete();
  const withRemote = await compileSchema({ $ref: 'https://example.com/int.json' }, { remotes: { 'https://example.com/int.json': { type: 'integer' } } });
  assert.equal(withRemote.validate('1').valid, true);
  assert.equal(withRemote.validate('"1"').valid, false);
  withRemote.delete();
  await assert.rejects(compileSchema({ $ref: 'https://example.com/elsewhere.json' }), CompanionConfigError);
  await assert.rejects(compileSchema({}, { formats: 'strict' }), /formats/);
  await assert.rejects(compileSchema({}, { colour: 1 }), /unknown validation option/);
});

test('a catastrophic pattern on a long string is bounded, not frozen', async () => {
  const validator = await compileSchema({ type: 'string', pattern: '^(a+)+$' });
  const started = cpuMs(); // CPU time: the bound is on the matcher's work, not on waiting for a core
  const result = validator.validate(JSON.stringify(`${'a'.repeat(50_000)}!`));
  const elapsed = cpuMs() - started;
  assert.equal(result.valid, false);
  assert.ok(elapsed < 2000, `${elapsed} ms of CPU`);
  validator.delete();
});

test('1,000 validators compiled and deleted leave the WASM heap as it was', async () => {
  const core = await loadCore();
  const schema = { type: 'object', properties: { a: { type: 'string', pattern: '^x+$' } } };
  (await compileSchema(schema)).delete();
  const before = heapUsedBytes(core);
  for (let i = 0; i < 1000; i++) {
    const v = await compileSchema(schema);
    v.validate('{"a":"xxx"}');
    v.delete();
  }
  assert.ok(heapUsedBytes(core) - before <= 1024, `${heapUsedBytes(core) - before} bytes more`);
});

test('lintTools: errors and warnings; createCompanion rejects on errors and keeps warnings', async () => {
  const { errors, warnings } = await lintTools([
    { name: 'ok' },
    { name: 'array_root', description: 'd', parameters: { type: 'array' } },
    { name: 'typo', description: 'd', parameters: { type: 'object', properties: { n: { type: 'integr' } } } },
  ]);
  assert.ok(errors.some((e) => e.tool === 'array_root' && e.path === '/parameters/type'));
  assert.ok(errors.some((e) => e.tool === 'typo' && /metaschema/.test(e.message)));
  assert.ok(warnings.some((w) => w.tool === 'ok' && /description/.test(w.message)));

  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:1', tools: [{ name: 'x', description: 'd', parameters: { type: 'object', properties: { a: { $ref: '#/$defs/nope' } } } }] }),
    (error) => error instanceof CompanionConfigError && /tools cannot be used/.test(error.message));
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools: [{ name: 'x' }] });
  assert.ok(companion.warnings.some((w) => /description/.test(w.message)));
  companion.dispose();
});
