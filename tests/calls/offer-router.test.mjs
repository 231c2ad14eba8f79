// web/offer-router.js: the one page-wide fetch wrapper that sends a DeepChat element's offer where
// today's OpenAI takes it. It must reroute only a registered start's offer and leave every other
// call (other URLs, methods, tokens, Request objects) exactly as made, and remove itself after.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { routeOffer, offerToken } from '../../web/offer-router.js';
import { gaOfferUrl } from '../../web/deepchat-2.4.2/offer.js';

let original;
let calls;
beforeEach(() => {
  original = globalThis.fetch;
  calls = [];
  globalThis.fetch = async function recorder(...args) {
    calls.push(args);
    return new Response('passed');
  };
});
afterEach(() => {
  globalThis.fetch = original;
});

test('only a POST to an offer path with a registered bearer token is rerouted; everything else passes unchanged', async () => {
  const recorder = globalThis.fetch;
  const routed = [];
  const unroute = routeOffer('ek_mine', async (url, init, fetch) => {
    routed.push([url.href, init.body]);
    return fetch(gaOfferUrl(url).href, init);
  });
  assert.notEqual(globalThis.fetch, recorder, 'installed');
  const others = [
    ['https://api.openai.com/v1/realtime', { method: 'POST', headers: { Authorization: 'Bearer ek_someone_else' }, body: 'v=0' }],
    ['https://api.openai.com/v1/realtime', { method: 'GET', headers: { Authorization: 'Bearer ek_mine' } }],
    ['https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { Authorization: 'Bearer ek_mine' }, body: '{}' }],
    ['https://api.openai.com.evil.example/v1/realtime', { method: 'POST', headers: { Authorization: 'Bearer ek_mine' }, body: 'v=0' }],
    ['/v1/realtime', { method: 'POST', headers: { Authorization: 'Bearer ek_mine' }, body: 'v=0' }],
    [new Request('https://api.openai.com/v1/realtime', { method: 'POST', headers: { Authorization: 'Bearer ek_someone' } })],
    ['https://example.test/data.json'],
  ];
  for (const args of others) await globalThis.fetch(...args);
  assert.equal(calls.length, others.length);
  calls.forEach((made, i) => assert.deepEqual(made, others[i], 'the same arguments, untouched'));
  assert.equal(routed.length, 0);

  await globalThis.fetch('https://api.openai.com/v1/realtime', { method: 'POST', headers: { authorization: 'Bearer ek_mine', 'Content-Type': 'application/sdp' }, body: 'v=0 offer' });
  assert.deepEqual(routed, [['https://api.openai.com/v1/realtime', 'v=0 offer']]);
  assert.equal(calls.at(-1)[0], 'https://api.openai.com/v1/realtime/calls');
  unroute();
  assert.equal(globalThis.fetch, recorder, 'removed with the last route');
});

test('headers as a Headers object or entries are read too; a GA path with ?model= matches', async () => {
  const seen = [];
  const unroute = routeOffer('tok', async (url) => {
    seen.push(url.href);
    return new Response('routed');
  });
  await globalThis.fetch('https://api.openai.com/v1/realtime/calls?model=gpt-realtime', { method: 'POST', headers: new Headers({ Authorization: 'Bearer tok' }) });
  await globalThis.fetch('https://api.openai.com/v1/realtime', { method: 'post', headers: [['Authorization', 'Bearer tok']] });
  assert.deepEqual(seen, ['https://api.openai.com/v1/realtime/calls?model=gpt-realtime', 'https://api.openai.com/v1/realtime']);
  unroute();
});

test('a wrapper installed on top by other code is left in place; ours then passes everything through', async () => {
  const unroute = routeOffer('tok', async () => new Response('routed'));
  const ours = globalThis.fetch;
  const theirs = (...args) => ours(...args);
  globalThis.fetch = theirs;
  unroute();
  assert.equal(globalThis.fetch, theirs);
  await globalThis.fetch('https://api.openai.com/v1/realtime', { method: 'POST', headers: { Authorization: 'Bearer tok' }, body: 'v=0' });
  assert.equal(calls.length, 1, 'no route left: passed through');
});

test('offer tokens are random and never look like a key', () => {
  const a = offerToken();
  assert.match(a, /^rc_offer_[0-9a-f]{32}$/);
  assert.notEqual(a, offerToken());
});
