// The answer for refused arguments (by the validator, before it, or by its
// budget) crosses from the core as its error record (common/router-crossing.js),
// not as JSON text. It must stay the
// object the JSON text gave: the server's matcher still writes that text
// (src/router/request_matcher.cpp, through rc::result_text), so it is the
// yardstick here, on the two paths a page can take (raw tools, which the
// compiler serves, and a compiled set, which the browser core serves).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion } from '../../web/index.js';
import { compileToolSet } from '../../server/index.js';
import { loadCore } from '../../common/load-core.js';
import { construct } from '../../common/wire.js';
import { chain, dynamicRecursiveOneOf } from '../support/hostile-arguments.mjs';

const parameters = {
  type: 'object',
  properties: {
    città: { type: 'string', maxLength: 2 },
    '🎉': { type: 'integer' },
    deep: { type: 'object', properties: { list: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer', minimum: 10 } } } } } },
    a: { type: 'integer' }, b: { type: 'integer' }, c: { type: 'integer' }, d: { type: 'integer' }, e: { type: 'integer' },
  },
  required: ['città'],
  additionalProperties: false,
};
const tools = [
  { type: 'function', name: 'place_order', description: 'x', route: { method: 'POST' }, parameters },
  { type: 'function', name: 'tree', description: 'x', route: { method: 'POST' }, parameters: dynamicRecursiveOneOf },
  { type: 'function', name: 'get_item', description: 'x', route: { method: 'GET', path: '/items/{id}' }, parameters: { type: 'object', properties: { id: {} } } },
];

const cases = {
  'non-ASCII and astral names and values': { città: 'Zoë 🎉🎉', '🎉': '€', 'ünknown😀': 1 },
  'escapes in a name': { città: 'x', 'q"\\\n\u0001': 1 },
  'a root error alone': {},
  'a deep error': { città: 'x', deep: { list: [{ n: 11 }, { n: 'ten' }, { n: 3 }] } },
  'more errors than maxErrors': { città: 'far too long', a: 'x', b: 'x', c: 'x', d: 'x', e: 'x' },
  'exactly three errors': { città: 'x', a: 'x', b: 'x', c: 'x' },
};

// Arguments refused before the validator sees them, and by its budget: the
// text as the model sends it, the tool, and the code of the answer.
const refusedTexts = {
  'not JSON': ['place_order', '{"città":', 'invalid_arguments'],
  'an array': ['place_order', '[1, 2]', 'invalid_arguments'],
  'a repeated member': ['place_order', '{"città":"x","città":"y"}', 'invalid_arguments'],
  'too complex to check': ['tree', JSON.stringify(chain(40)), 'arguments_too_complex'],
};
// Arguments the path template refuses (GET /items/{id}), with its words: the
// matcher cannot send these, since its path values come from a URL it routed.
const dotSegment = 'an argument may not be "." or ".." (it would change the path)';
const pathRefusals = {
  'a dot segment': [{ id: '.' }, dotSegment],
  'a dot-dot segment': [{ id: '..' }, dotSegment],
  'an empty path argument': [{ id: '' }, 'the argument "id" must not be empty (it is part of the path)'],
  'an object as a path argument': [{ id: { a: 1 } }, 'the argument "id" must be a string, number or boolean (it is part of the path)'],
};

// The answer the JSON-text path writes for the same arguments (the matcher's
// `result`, its keys in nlohmann's sorted order: the order is checked apart).
async function textAnswers(validation) {
  const module = await loadCore();
  const matcher = construct(module, 'ToolRequestMatcher', JSON.stringify({ tools, baseOrigin: 'http://localhost', validation }));
  const answer = (label, tool, text, code) => {
    const outcome = JSON.parse(matcher.matchRequest('POST', `/${tool}`, text));
    assert.equal(outcome.verdict, 'matched', label);
    assert.equal(outcome.result?.error?.code, code, label);
    return [label, outcome.result];
  };
  try {
    return Object.fromEntries([
      ...Object.entries(cases).map(([label, args]) => answer(label, 'place_order', JSON.stringify(args), 'invalid_arguments')),
      ...Object.entries(refusedTexts).map(([label, [tool, text, code]]) => answer(label, tool, text, code)),
    ]);
  } finally {
    matcher.delete();
  }
}

// The message as the core words it (docs: the first three errors, "…" when there are more).
function messageOf(tool, errors) {
  const summary = errors.slice(0, 3).map((e) => (e.instanceLocation ? `${e.instanceLocation}: ` : '') + e.error).join('; ');
  return `The arguments for "${tool}" are not valid: ${summary}${errors.length > 3 ? '; …' : ''}. Fix the arguments and call the tool again.`;
}

for (const [path, options] of [
  ['raw tools', { tools, validation: { maxErrors: 4 } }],
  ['a compiled set', { toolSet: (await compileToolSet({ tools, validation: { maxErrors: 4 } })).bytes }],
]) {
  test(`${path}: an invalid call's answer is the object the JSON-text path gives, field for field and in its order`, async () => {
    const expected = await textAnswers({ maxErrors: 4 });
    const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', ...options });
    try {
      for (const [label, args] of Object.entries(cases)) {
        const answer = await companion.functionHandler({ name: 'place_order', arguments: JSON.stringify(args) });
        assert.deepEqual(answer, expected[label], label);
        assert.deepEqual(Object.keys(answer.error), ['code', 'message', 'tool', 'errors'], label);
        for (const error of answer.error.errors) assert.deepEqual(Object.keys(error), ['instanceLocation', 'keywordLocation', 'error'], label);
        assert.ok(answer.error.errors.length <= 4, label);
        assert.equal(answer.error.message, messageOf('place_order', answer.error.errors), label);
      }
      assert.equal(expected['more errors than maxErrors'].error.errors.length, 4, 'maxErrors cut the list');
      // The astral and non-ASCII strings arrive whole, not cut inside a character.
      const { errors } = (await companion.functionHandler({ name: 'place_order', arguments: JSON.stringify(cases['non-ASCII and astral names and values']) })).error;
      assert.ok(errors.some((e) => e.instanceLocation === '/ünknown😀'), JSON.stringify(errors));
      assert.ok(errors.some((e) => e.instanceLocation === '/città' && e.keywordLocation === '/properties/città/maxLength'), JSON.stringify(errors));
      assert.ok(errors.some((e) => e.instanceLocation === '/🎉'), JSON.stringify(errors));
      const deep = (await companion.functionHandler({ name: 'place_order', arguments: JSON.stringify(cases['a deep error']) })).error;
      assert.deepEqual(deep.errors.map((e) => e.instanceLocation), ['/deep/list/1/n', '/deep/list/2/n']);

      for (const [label, [tool, text, code]] of Object.entries(refusedTexts)) {
        const answer = await companion.functionHandler({ name: tool, arguments: text });
        assert.deepEqual(answer, expected[label], label);
        assert.deepEqual(Object.keys(answer.error), ['code', 'message', 'tool', 'errors'], label);
        assert.equal(answer.error.code, code, label);
        if (code === 'invalid_arguments') assert.equal(answer.error.message, messageOf(tool, answer.error.errors), label);
      }
      for (const [label, [args, reason]] of Object.entries(pathRefusals)) {
        const answer = await companion.functionHandler({ name: 'get_item', arguments: JSON.stringify(args) });
        const errors = [{ instanceLocation: '', keywordLocation: '', error: reason }];
        assert.deepEqual(answer, { error: { code: 'invalid_arguments', message: messageOf('get_item', errors), tool: 'get_item', errors } }, label);
        assert.deepEqual(Object.keys(answer.error), ['code', 'message', 'tool', 'errors'], label);
        assert.deepEqual(Object.keys(answer.error.errors[0]), ['instanceLocation', 'keywordLocation', 'error'], label);
      }
    } finally {
      companion.dispose();
    }
  });
}

test('an invalid call after a larger invalid one answers from its own record', async () => {
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools });
  try {
    const many = await companion.functionHandler({ name: 'place_order', arguments: JSON.stringify(cases['more errors than maxErrors']) });
    const one = await companion.functionHandler({ name: 'place_order', arguments: '{}' });
    assert.ok(many.error.errors.length > 1);
    assert.deepEqual(one.error.errors.map((e) => e.instanceLocation), ['']);
    assert.equal(one.error.message, messageOf('place_order', one.error.errors));
  } finally {
    companion.dispose();
  }
});
