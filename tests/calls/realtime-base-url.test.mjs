// The `realtimeBaseURL` attach option (for tests): only an http(s) base is taken, and the offer
// DeepChat posted to OpenAI's GA calls path lands at that base's `/realtime/calls`, query kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { offerUrlAt, resolveRealtimeBaseURL } from '../../web/realtime-base-url.js';
import { CompanionConfigError } from '../../common/errors.js';

test('an http(s) base is taken, with or without its trailing slash', () => {
  for (const base of ['http://127.0.0.1:4000/v1', 'http://127.0.0.1:4000/v1/', new URL('https://stand-in.test/v1')]) {
    const url = resolveRealtimeBaseURL(base);
    const offer = offerUrlAt(url, new URL('https://api.openai.com/v1/realtime/calls?model=gpt-realtime'));
    assert.equal(offer.pathname, '/v1/realtime/calls');
    assert.equal(offer.search, '?model=gpt-realtime', 'DeepChat 2.5 names its model in the query');
    assert.equal(offer.origin, url.origin);
  }
  assert.equal(offerUrlAt(resolveRealtimeBaseURL('http://127.0.0.1:4000'), new URL('https://api.openai.com/v1/realtime/calls')).href,
    'http://127.0.0.1:4000/realtime/calls', 'a base without /v1 is used as given');
});

test('anything but an http(s) base is refused with a CompanionConfigError naming the option', () => {
  for (const value of ['javascript:alert(1)', 'ws://127.0.0.1:4000/v1', 'ftp://x/v1', 'data:text/plain,x', 'not a url', 42, null, {},
    'http://127.0.0.1:4000/v1?key=1', 'http://127.0.0.1:4000/v1#x']) {
    assert.throws(() => resolveRealtimeBaseURL(value), (error) => error instanceof CompanionConfigError && /realtimeBaseURL "/.test(error.message),
      String(value));
  }
});
