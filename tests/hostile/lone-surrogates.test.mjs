// Issue 12, item 12: lone surrogates were changed, not refused. An arguments
// string holding a raw U+D800 followed by "}"} (which JSON.parse rejects)
// reached the backend as q=%F0%90%80%A2%7D: embind's string conversion merged
// the surrogate with the next character, and the altered text parsed.
// Ill-formed UTF-16 in a name or the arguments is now invalid_arguments,
// saying so, on every route kind, and nothing is fetched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion } from '../../web/index.js';
import { startBackend } from '../support/test-backend.mjs';

let backend;
let companion;
const tools = [
  { name: 'echo' }, // GET: the arguments become the query
  { name: 'book', route: { method: 'POST', path: '/echo/book' } }, // the model's own text is the body
  { name: 'rename', route: { method: 'PATCH', path: '/echo/users/{user}' } }, // the core rebuilds the body
];
before(async () => {
  backend = await startBackend();
  companion = await createCompanion({ baseUrl: backend.origin, tools });
});
after(async () => {
  companion.dispose();
  await backend.close();
});

// An independent statement of the rule: the first UTF-16 unit that is a
// surrogate without its partner.
function firstLoneSurrogate(text) {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return i;
    }
  }
  return -1;
}

async function refusedAsIllFormed(name, args, what) {
  const requestsBefore = backend.requests.length;
  const result = await companion.functionHandler({ name, arguments: args });
  assert.equal(result.error?.code, 'invalid_arguments', `${what}: ${JSON.stringify(result).slice(0, 200)}`);
  assert.match(result.error.message, /ill-formed UTF-16/, what);
  assert.match(result.error.message, new RegExp(`a lone surrogate at index ${firstLoneSurrogate(args)}\\b`), what);
  assert.equal(backend.requests.length, requestsBefore, `${what}: nothing was fetched`);
}

test('a raw lone surrogate before "}"} is invalid_arguments (ill-formed UTF-16), never merged into JSON that parses', async () => {
  await refusedAsIllFormed('echo', '{"q":"\uD800"}"}', 'GET');
  await refusedAsIllFormed('book', '{"q":"\uD800"}"}', 'POST');
  await refusedAsIllFormed('rename', '{"user":"u","q":"\uD800"}"}', 'PATCH with a path parameter');
});

test('every kind and place of lone surrogate is refused with its index, on every route kind', async () => {
  const bad = {
    'a high surrogate at the end of a value': '{"q":"a\uD800"}',
    'a low surrogate alone': '{"q":"\uDC00"}',
    'a reversed pair': '{"q":"\uDC00\uD800"}',
    'two high surrogates': '{"q":"\uD83D\uD83D"}',
    'a high surrogate before an ASCII letter': '{"q":"\uD800x"}',
    'a high surrogate before a backslash': '{"q":"\uD800\\\\"}',
    'a lone surrogate in a member name': '{"\uDBFF":"x"}',
    'a lone surrogate outside any string': '{"q":1}\uD800',
    'the very first unit': '\uDFFF{"q":1}',
    'after 100 KB of well-formed non-ASCII text': `{"q":"${'é😀'.repeat(20_000)}\uD800"}`,
  };
  for (const [what, args] of Object.entries(bad)) {
    for (const [name, text] of [['echo', args], ['book', args], ['rename', args.replace('{', '{"user":"u",')]]) {
      await refusedAsIllFormed(name, text, `${what} (${name})`);
    }
  }
});

test('a lone surrogate in the tool name is invalid_arguments (ill-formed UTF-16)', async () => {
  for (const name of ['echo\uD800', '\uDC00echo', 'ec\uD800ho']) {
    const requestsBefore = backend.requests.length;
    const result = await companion.functionHandler({ name, arguments: '{}' });
    assert.equal(result.error?.code, 'invalid_arguments', JSON.stringify(name));
    assert.match(result.error.message, new RegExp(`its name holds ill-formed UTF-16 \\(a lone surrogate at index ${firstLoneSurrogate(name)}\\)`));
    assert.equal(backend.requests.length, requestsBefore);
  }
});

test('arguments handed as an object with a lone surrogate are refused too (JSON.stringify escapes it, the parser refuses the escape)', async () => {
  const requestsBefore = backend.requests.length;
  const result = await companion.functionHandler({ name: 'echo', arguments: { q: '\uD800' } });
  assert.equal(result.error?.code, 'invalid_arguments');
  assert.equal(backend.requests.length, requestsBefore);
});

test('well-formed astral characters, U+FFFD and escaped pairs arrive unchanged (the check refuses only what is ill-formed)', async () => {
  const value = 'a😀b\uFFFD\uD83D\uDE00 𐀢}';
  assert.deepEqual((await companion.functionHandler({ name: 'echo', arguments: JSON.stringify({ q: value }) })).query, [['q', value]]);
  const args = JSON.stringify({ q: value, escaped: '\\uD83D\\uDE00' });
  assert.equal((await companion.functionHandler({ name: 'book', arguments: args })).body, args);
  const rebuilt = await companion.functionHandler({ name: 'rename', arguments: JSON.stringify({ user: '😀', q: value }) });
  assert.equal(rebuilt.rawPath, '/echo/users/%F0%9F%98%80');
  assert.deepEqual(JSON.parse(rebuilt.body), { q: value });
});
