// common/cut-text.js: the one cut for text that only informs (router-crossing's details, the approval
// summary, the server's OpenAI messages). Swept over every short text of a few kinds of unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutText } from '../../common/cut-text.js';

const HIGH = '\uD83D';
const LOW = '\uDE00';
const UNITS = ['a', HIGH, LOW, 'é'];

function* textsOf(length) {
  if (length === 0) return yield '';
  for (const head of textsOf(length - 1)) for (const unit of UNITS) yield head + unit;
}

test('a cut keeps at most maxUnits units, never ends on a high surrogate it cut from its low half, and is a prefix', () => {
  for (let length = 0; length <= 5; length++) {
    for (const text of textsOf(length)) {
      for (let max = 1; max <= 6; max++) {
        const cut = cutText(text, max);
        assert.ok(text.startsWith(cut));
        if (text.length <= max) assert.equal(cut, text);
        else {
          const splitsPair = text[max - 1] === HIGH;
          assert.equal(cut.length, splitsPair ? max - 1 : max, JSON.stringify({ text, max }));
        }
      }
    }
  }
});

test('a pair at the bound is kept whole or left out whole', () => {
  const smile = `${HIGH}${LOW}`;
  assert.equal(cutText(`ab${smile}`, 4), `ab${smile}`);
  assert.equal(cutText(`ab${smile}c`, 3), 'ab');
  assert.equal(cutText(`ab${smile}c`, 4), `ab${smile}`);
});
