// The key piece in Chromium, its requests counted: a compiled-set page without a key endpoint (the
// unified interface) never fetches it; a key page fetches it at load, before its first start and
// without createCompanion waiting for it; and a key piece that cannot be loaded fails closed (no key,
// no offer, the reason in the events, no page error) and does not stick (the next start loads it).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoServer } from '../../examples/demo/server.mjs';
import { launchChromium, webrtcArgs } from '../support/chromium.mjs';
import { openDemo, TOGGLE } from '../support/demo-session.mjs';

const KEY_FILES = /\/(dist\/realtime-companion-keys\.(mjs|wasm)|web\/(keys|key-lifecycle|core-keys|key-check)\.js)$/;
const KEY_WASM = '**/dist/realtime-companion-keys.wasm';

describe('the key piece: fetched only by key pages, before their first start', { timeout: 120_000 }, () => {
  let demo;
  let browser;
  before(async () => {
    demo = await startDemoServer({ port: 0, rateLimit: false });
    browser = await launchChromium({ args: webrtcArgs });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** A page on the demo's origin holding a <deep-chat> and nothing else; every request it makes is kept. */
  async function blankPage() {
    const page = await browser.context.newPage();
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(`${demo.url}blank.html`, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><script type="module" src="/node_modules/deep-chat/dist/deepChat.bundle.js"></script><deep-chat id="chat"></deep-chat>',
    }));
    await page.goto(`${demo.url}blank.html`);
    await page.waitForFunction(() => customElements.get('deep-chat'));
    return { page, requests, errors };
  }

  test('a compiled-set page without keyEndpoint (the unified interface) never fetches the key piece', async () => {
    const { page, requests, errors } = await blankPage();
    try {
      const result = await page.evaluate(async (toolSet) => {
        const { createCompanion } = await import('/web/index.js');
        const companion = await createCompanion({ toolSet, execute: { set_theme: () => ({}) } });
        companion.attach(document.getElementById('chat'), { offerEndpoint: '/realtime/call' });
        const call = await companion.functionHandler({ name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' });
        return { call, state: companion.keyStatus().state };
      }, demo.toolSet.url);
      assert.equal(result.call.city, 'Paris');
      assert.equal(result.state, 'unconfigured');
      await new Promise((resolve) => setTimeout(resolve, 500)); // anything started late would be asked for by now
      assert.ok(requests.includes('/dist/realtime-companion-browser.wasm'), 'the page did load its core');
      assert.deepEqual(requests.filter((path) => KEY_FILES.test(path)), []);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('a key page: createCompanion does not wait for the key piece; it is fetched before the first key', async () => {
    const { page, requests, errors } = await blankPage();
    // The key piece is slow to arrive: the companion must be there long before it.
    await page.route(KEY_WASM, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    try {
      const early = await page.evaluate(async (toolSet) => {
        const { createCompanion } = await import('/web/index.js');
        const started = performance.now();
        window.companion = await createCompanion({ toolSet, execute: { set_theme: () => ({}) }, keyEndpoint: '/ephemeral-key', keys: { prefetchOnCreate: false } });
        return { ms: performance.now() - started, state: window.companion.keyStatus().state };
      }, demo.toolSet.url);
      assert.equal(early.state, 'loading');
      assert.ok(early.ms < 800, `createCompanion took ${early.ms} ms: it waited for the key piece`);
      // Before any start: the key piece arrives by itself.
      await page.waitForFunction(() => window.companion.keyStatus().state === 'empty', null, { timeout: 10_000 });
      assert.ok(requests.includes('/dist/realtime-companion-keys.wasm') && requests.includes('/web/keys.js'), requests.join(' '));
      assert.ok(!requests.includes('/ephemeral-key'), 'no key fetched before one is asked for');
      const key = await page.evaluate(() => window.companion.fetchEphemeralKey());
      assert.match(key, /^ek_/);
      assert.equal(requests.filter((path) => path === '/dist/realtime-companion-keys.wasm').length, 1);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});

describe('the demo page (a key page) with a key piece that cannot be loaded', { timeout: 120_000 }, () => {
  let s;
  let broken = true;
  before(async () => {
    s = await openDemo({}, {
      beforeLoad: (page) => page.route(KEY_WASM, (route) => (broken ? route.fulfill({ status: 404, body: 'not here' }) : route.continue())),
    });
  });
  after(async () => {
    await s?.close();
  });

  test('the page works without it: tools answer, the failure is an event, the key state says why', async () => {
    const weather = await s.page.evaluate(() => window.companion.functionHandler({ name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' }));
    assert.equal(weather.city, 'Oslo');
    await s.page.waitForFunction(() => window.companion.keyStatus().state === 'failed');
    assert.deepEqual(await s.page.evaluate(() => window.companion.keyStatus()), { state: 'failed', lastError: 'keys_unavailable' });
    assert.ok((await s.events()).some((e) => /key_fetch_failed/.test(e)), (await s.events()).join('\n'));
    assert.ok(!s.requests.some((r) => new URL(r.url).pathname === '/ephemeral-key'), 'no key fetched without the key manager');
  });

  test('a start fails closed (no key, no offer, the reason in the events, no page error); the next start loads it', async () => {
    const offers = s.realtime.offers.length;
    await s.page.locator(TOGGLE).click();
    await s.waitForState('failed');
    assert.ok((await s.events()).some((e) => /key_failed: .*key manager could not be loaded/.test(e)), (await s.events()).join('\n'));
    assert.equal(s.realtime.offers.length, offers, 'no offer without a key');
    assert.deepEqual(s.pageErrors.map((e) => e.message), []);

    broken = false; // the key piece's server is back: a failure never sticks
    await s.page.waitForFunction(() => window.demoAttachment.state !== 'failed' || document.querySelector('#key-events li')?.textContent.includes('reset'));
    const session = await s.start();
    assert.ok(s.upstream.isValidKey(session.key));
    await s.stop();
    assert.deepEqual(s.pageErrors.map((e) => e.message), []);
  });
});
