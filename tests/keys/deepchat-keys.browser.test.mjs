// End-to-end key handling with real DeepChat 2.4.2: every start uses a fresh key (DeepChat would
// cache the first one), failures are visible and recoverable without a reload, and the master key
// never reaches the browser.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { ERROR, openDemo, TOGGLE } from '../support/demo-session.mjs';

const outputsOf = (realtime) => realtime.events.filter((r) => r.event.item?.type === 'function_call_output').length;

describe('keys: fresh for every start, failures recover, no master key in the browser', { timeout: 180_000 }, () => {
  let s;
  before(async () => {
    // Ten-second keys (usable for 5 s: minValidityMs), so expiry happens within the test for real,
    // and quick retries, so a failing key endpoint gives up within a second.
    s = await openDemo({ keyLifetimeSeconds: 10, pageKeyOptions: { maxAttempts: 2, backoffBaseMs: 50, backoffMaxMs: 100 } });
    await s.page.evaluate(() => (window.loadedOnce = true)); // a reload would drop it
  });
  after(async () => {
    await s?.close();
  });

  test('4. stop, wait past the key expiry, start again: a fresh key, and the session works', async () => {
    const first = await s.start();
    assert.equal((await s.realtime.callTool('get_weather', '{"city":"Lima"}')).output.city, 'Lima');
    await s.stop();
    assert.equal(first.state, 'closed', 'stopping closed the WebRTC session');

    await new Promise((resolve) => setTimeout(resolve, 11_000)); // real time: the first key expires
    assert.equal(s.upstream.isValidKey(first.key), false, 'the first key has expired');

    const second = await s.start();
    assert.notEqual(second.key, first.key);
    assert.ok(s.upstream.isValidKey(second.key));
    assert.deepEqual(s.realtime.offers.map((o) => o.status), [201, 201], 'no expired key was ever offered');
    const offered = s.realtime.offers.map((o) => o.key);
    assert.equal(new Set(offered).size, offered.length, 'no key offered twice');
    assert.ok((await s.events()).some((e) => /refreshed: key [0-9a-f]{12}, replaces/.test(e)), 'pre-fetched keys were replaced before expiry');
    assert.equal((await s.realtime.callTool('get_weather', '{"city":"Quito"}')).output.city, 'Quito');

    // And once more without waiting: still a new key per start (DeepChat alone would reuse it).
    await s.stop();
    const third = await s.start();
    assert.ok(![first.key, second.key].includes(third.key));
    await s.stop();
  });

  test('5. the key endpoint fails: the pre-fetched key still starts; the next click shows the error; then it recovers, no reload', async () => {
    await s.page.waitForFunction(() => window.companion.keyStatus().state === 'ready');
    s.upstream.fail(500); // OpenAI's REST side is down: the key endpoint answers 502
    await s.start(); // the key fetched before the failure: no network wait, no error
    await s.stop(); // the refill now fails

    const offers = s.realtime.offers.length;
    await s.page.waitForFunction(() => window.companion.keyStatus().state === 'failed');
    await s.page.locator(TOGGLE).click();
    await s.waitForState('failed');
    await s.page.waitForFunction(() => document.querySelector('#key-events li')?.textContent.includes('reset'));
    assert.equal(await s.errorShown(), 'Could not start the voice session', "DeepChat's error, with the page's own text");
    assert.ok((await s.events()).some((e) => /key_failed: .*key endpoint/.test(e)), 'the reason is shown');
    assert.equal(s.realtime.offers.length, offers, 'no offer without a key');
    const unavailable = await s.page.locator(TOGGLE).evaluate((el) => el.classList.contains('deep-chat-openai-realtime-button-unavailable'));
    assert.equal(unavailable, false, 'the toggle still takes clicks');

    s.upstream.reset();
    await s.start(); // a failure never sticks: this click fetches afresh
    assert.equal(await s.errorShown(), null, 'the error is gone once a new start begins');
    assert.equal(await s.page.evaluate(() => window.loadedOnce), true, 'no reload');
    const before = outputsOf(s.realtime);
    assert.equal((await s.realtime.callTool('get_weather', '{"city":"Bern"}')).output.city, 'Bern');
    assert.equal(outputsOf(s.realtime), before + 1);
    await s.stop();
  });

  test('5b. the realtime endpoint refuses the offer (401): a visible error; the next click recovers with a new key', async () => {
    s.realtime.failNextOffer(401);
    await s.page.locator(TOGGLE).click();
    await s.waitForState('failed');
    assert.equal(s.realtime.offers.at(-1).status, 401);
    assert.equal(await s.errorShown(), 'Could not start the voice session', "the page's own text stays");
    const reason = await s.page.locator(ERROR).getAttribute('title');
    assert.match(reason, /^OpenAI refused the call: the key was refused \(invalid_api_key\)\./, 'the reason is its tooltip');
    assert.ok(!/ek_/.test(reason), reason);
    const refusedKey = s.realtime.offers.at(-1).key;

    const session = await s.start();
    assert.notEqual(session.key, refusedKey, 'the refused key was not retried');
    assert.equal((await s.realtime.callTool('get_weather', '{"city":"Kyiv"}')).output.city, 'Kyiv');
    await s.stop();
  });

  test('6. the master key never reaches the browser; an sk- key from a misconfigured backend is refused', async () => {
    const master = s.upstream.masterKey;
    assert.ok(s.requests.length > 10, 'requests were recorded');
    for (const r of s.requests) {
      const seen = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
      assert.ok(!seen.includes(master), `master key in a request to ${r.url}`);
    }
    const inPage = await s.page.evaluate((key) => {
      const places = [document.documentElement.outerHTML, document.getElementById('chat').shadowRoot.innerHTML,
        document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
      for (const name of Object.getOwnPropertyNames(window)) {
        try {
          const value = window[name];
          if (typeof value === 'string') places.push(value);
          else if (value && typeof value === 'object') places.push(JSON.stringify(value) ?? '');
        } catch {} // cyclic or guarded objects
      }
      return places.filter((text) => text.includes(key)).length;
    }, master);
    assert.equal(inPage, 0, 'master key in the DOM or a global');

    // A backend misconfigured to hand out its sk- key: refused before DeepChat sees it.
    const leaked = `sk-proj-${'x'.repeat(40)}`;
    await s.page.route('**/ephemeral-key', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify({ value: leaked, expires_at: Math.floor(Date.now() / 1000) + 60 }),
    }));
    // The key fetched before the misconfiguration still works; every key fetched after it is refused.
    const requestCount = s.requests.length;
    await s.start();
    await s.stop();
    await s.page.waitForFunction(() => window.companion.keyStatus().state === 'failed');
    const offers = s.realtime.offers.length;
    await s.page.locator(TOGGLE).click();
    await s.waitForState('failed');
    assert.ok((await s.events()).some((e) => /refused: master_key_refused/.test(e)), 'the lifecycle refused the sk- key');
    assert.ok((await s.events()).some((e) => /key_failed: .*not an ephemeral key/.test(e)), 'DeepChat was told why');
    assert.equal(await s.errorShown(), 'Could not start the voice session');
    assert.equal(s.realtime.offers.length, offers, 'nothing sent to the realtime endpoint');
    assert.deepEqual(await s.page.evaluate(() => window.demoSdpRequests.length), s.realtime.offers.length);
    for (const r of s.requests.slice(requestCount)) {
      assert.ok(!`${r.url}${JSON.stringify(r.headers)}${r.body}`.includes(leaked), `the sk- key was sent to ${r.url}`);
    }
    await s.page.unroute('**/ephemeral-key');
    await s.start();
    await s.stop();
    assert.deepEqual(s.toOpenAI, []);
    assert.deepEqual(s.pageErrors, []);
  });
});
