// The event stream's names are written in three places: where web/ (its folders too) fires them,
// the union in web/index.d.ts and the table in docs/deepchat.md ("Events"). All three must name the
// same types, so that a new event is typed and documented, and a renamed one is not left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

/** What web/ (its folders too) fires: `emit('x'` / `onEvent('x'`, and the key lifecycle's names in the stream. */
function fired() {
  const names = new Set();
  for (const file of readdirSync(new URL('web/', root), { recursive: true }).filter((f) => f.endsWith('.js'))) {
    for (const [, name] of read(`web/${file}`).matchAll(/\b(?:emit|onEvent)\('([a-z_]+)'/g)) names.add(name);
  }
  const keyTypes = /const KEY_EVENT_TYPES = Object\.freeze\(\{([^}]*)\}\)/.exec(read('web/event-stream.js'))[1];
  for (const [, name] of keyTypes.matchAll(/: '([a-z_]+)'/g)) names.add(name);
  return names;
}

/** The `type`s of KeyStreamEvent and DeepChatAttachmentEvent, the two halves of CompanionEvent. */
function declared() {
  const dts = read('web/index.d.ts');
  const union = dts.slice(dts.indexOf('export type KeyStreamEvent'), dts.indexOf('export interface AttachOptions'));
  assert.match(union, /export type CompanionEvent = KeyStreamEvent \| DeepChatAttachmentEvent;/);
  const names = new Set();
  for (const [, literals] of union.matchAll(/\btype: ((?:'[a-z_]+'(?: \| )?)+)/g)) {
    for (const [, name] of literals.matchAll(/'([a-z_]+)'/g)) names.add(name);
  }
  return names;
}

/** The first column of docs/deepchat.md's events table. */
function documented() {
  const doc = read('docs/deepchat.md');
  const section = doc.slice(doc.indexOf('\n## Events\n'), doc.indexOf('\n## ', doc.indexOf('\n## Events\n') + 1));
  return new Set([...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map(([, name]) => name));
}

const sorted = (set) => [...set].sort();

test('every event web/*.js fires is declared in web/index.d.ts, and nothing more', () => {
  assert.ok(fired().size >= 25, `found ${fired().size}`);
  assert.deepEqual(sorted(declared()), sorted(fired()));
});

test("docs/deepchat.md's events table has a row for every declared type, and no other", () => {
  assert.deepEqual(sorted(documented()), sorted(declared()));
});
