// The page API's cuts of text a person or the model reads (a thrown error's message, a refused
// tool's name, why the key piece could not load) keep a surrogate pair whole: each input puts an
// emoji across the cut, and the text that comes out is well-formed UTF-16 holding the part before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { compileSchema, createCompanion, CompanionConfigError } from '../../web/index.js';
import { keysUnavailable } from '../../web/key-piece.js';

const EMOJI = '\u{1F600}'; // two UTF-16 units
/** `length - 1` units of 'x', then an emoji whose first half would be the last unit kept. */
const across = (length) => `${'x'.repeat(length - 1)}${EMOJI}`;
const wellFormed = (text) => assert.ok(text.isWellFormed(), `ill-formed: ...${JSON.stringify(text.slice(-8))}`);

test("validateValue: a value whose toJSON throws is refused with the message's first 200 units, the pair kept whole", async () => {
  const validator = await compileSchema(true);
  try {
    const { valid, errors } = validator.validateValue({ toJSON() { throw new Error(across(200)); } });
    assert.equal(valid, false);
    wellFormed(errors[0].error);
    assert.match(errors[0].error, new RegExp(`serialised \\(${'x'.repeat(199)}\\)`));
  } finally {
    validator.delete();
  }
});

test("a page-run tool's execute that throws: the model is told the message's first 100 units, the pair kept whole", async () => {
  const tool = {
    type: 'function', name: 'fail', parameters: { type: 'object' },
    execute: () => { throw new Error(across(100)); },
  };
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:9', tools: [tool] });
  try {
    const result = await companion.functionHandler({ name: 'fail', arguments: '{}' });
    wellFormed(result.error.message);
    assert.ok(result.error.message.includes(`${'x'.repeat(99)}…`), result.error.message);
  } finally {
    companion.dispose();
  }
});

test("a raw tool's bad execute is refused naming the tool by its first 64 units, the pair kept whole", async () => {
  const tool = { type: 'function', name: across(64), parameters: { type: 'object' }, execute: 'not a function' };
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', tools: [tool] }), (error) => {
    assert.ok(error instanceof CompanionConfigError);
    wellFormed(error.message);
    assert.ok(error.message.includes(`"${'x'.repeat(63)}"`), error.message);
    return true;
  });
});

test("keys_unavailable: why the key piece could not load, in its first 300 units, the pair kept whole", () => {
  const { message } = keysUnavailable(new Error(across(300)));
  wellFormed(message);
  assert.ok(message.endsWith(`(${'x'.repeat(299)})`), message);
});
