// The README's DeepChat quick start (examples/quick-start/, unchanged) in real Chromium over real
// WebRTC, against stand-ins that speak today's OpenAI Realtime interface only (GA; the beta one was
// switched off on 2026-05-12), with deep-chat 2.4.2 from npm and deep-chat 2.5.0 (built from its
// sources, in ../shared). The page's requests to https://api.openai.com go, through Playwright's
// router, to the stand-ins: the page itself is exactly what a user ships.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { startRestStandIn } from '../../testing/openai-rest.js';
import { startRealtimeStandIn } from '../../testing/realtime-webrtc.js';
import { launchChromium, webrtcArgs } from '../support/chromium.mjs';
import { startLiveSession, TOGGLE } from '../support/deepchat-toggle.mjs';

const DEEP_CHAT_250 = fileURLToPath(new URL('../../../shared/deep-chat-2.5.0/deepChat.bundle.js', import.meta.url));
const versions = [
  ['2.4.2', undefined, false],
  ['2.5.0', DEEP_CHAT_250, !existsSync(DEEP_CHAT_250) && `deep-chat 2.5.0 is not at ${DEEP_CHAT_250} (../shared/deep-chat-2.5.0/): skipped`],
];

/** The stand-ins, the quick-start server (OPENAI_* pointing at the stand-ins) and one Chromium page. */
async function openQuickStart(deepChat, hash = '') {
  const up = await startRestStandIn();
  const rt = await startRealtimeStandIn({ isValidKey: (k) => up.isValidKey(k), describeKey: (k) => up.issued.get(k)?.session, masterKey: up.masterKey });
  up.serveRealtime(rt.origin);
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  process.env.OPENAI_API_KEY = up.masterKey;
  process.env.OPENAI_BASE_URL = up.baseURL;
  const { startQuickStart } = await import('../../examples/quick-start/server.mjs');
  const app = await startQuickStart({ port: 0, ...(deepChat ? { deepChat } : {}) });
  for (const [name, value] of [['OPENAI_API_KEY', saved.key], ['OPENAI_BASE_URL', saved.url]]) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const browser = await launchChromium({ args: webrtcArgs });
  const page = await browser.context.newPage();
  /** Every request the browser made: url, method, headers, body. */
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() ?? '' }));
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  // OpenAI, as far as this browser can tell: the stand-ins, on the same paths.
  await page.route('https://api.openai.com/**', async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${new URL(up.baseURL).origin}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });
  // Who replaces the page's fetch, and whether it comes back: the compatibility layer must be scoped.
  await page.addInitScript(() => {
    let current = window.fetch;
    window.fetchOriginal = current;
    window.fetchAssignments = 0;
    Object.defineProperty(window, 'fetch', { configurable: true, get: () => current, set: (value) => { window.fetchAssignments += 1; current = value; } });
  });
  await page.goto(`${app.url}${hash}`);
  await page.waitForFunction(() => window.attachment !== undefined, null, { timeout: 20_000 });
  await page.evaluate(() => {
    window.shown = [];
    document.getElementById('chat').addEventListener('message', (e) => window.shown.push(e.detail.message));
  });
  return {
    up, rt, app, page, requests, pageErrors,
    state: () => page.evaluate(() => window.attachment.state),
    start: () => startLiveSession(page, rt),
    /** Stops, and waits until attach has given the element its fresh realtime service. */
    async stop() {
      await page.evaluate(() => {
        window.stoppedService = document.getElementById('chat')._activeService;
      });
      await page.locator(TOGGLE).click({ timeout: 5_000 });
      await page.waitForFunction(() => window.attachment.state === 'idle' && document.getElementById('chat')._activeService !== window.stoppedService, null, { timeout: 10_000 });
    },
    say: (text) => page.evaluate((t) => document.getElementById('chat').directConnection.openAI.realtime.methods.sendMessage(t, 'user'), text),
    /** What DeepChat showed as the AI's words (its `message` events). */
    shownByAi: () => page.evaluate(() => window.shown.filter((m) => m.role === 'ai').map((m) => m.text)),
    async close() {
      await browser.close();
      await app.close();
      await rt.close();
      await up.close();
    },
  };
}

const outputsOf = (session) => session.events.filter((r) => r.event.type === 'conversation.item.create' && r.event.item?.type === 'function_call_output');
const isBetaPath = (url) => /\/v1\/realtime(\/sessions)?(\?|$)/.test(new URL(url, 'http://x').pathname + new URL(url, 'http://x').search);

for (const [version, deepChat, skip] of versions) {
  describe(`quick start with deep-chat ${version}, GA only`, { skip, timeout: 180_000 }, () => {
    let s;
    before(async () => {
      s = await openQuickStart(deepChat);
    });
    after(async () => {
      await s?.close();
    });

    test('a full round trip: key, offer to /v1/realtime/calls, tool call, backend answer, the AI transcript shown', async () => {
      const session = await s.start();
      assert.ok(s.up.issued.has(session.key), 'the offer carried a key the server minted');
      const offer = s.rt.offers.at(-1);
      assert.deepEqual([offer.path, offer.form, offer.status], ['/v1/realtime/calls', false, 201]);
      // 2.5.0 names a model in its offer: the key's own (the stand-in refuses any other).
      assert.equal(offer.model, version === '2.5.0' ? 'gpt-realtime' : null);
      await s.say("What's the weather in Paris?");
      await s.rt.waitFor(() => outputsOf(session).length >= 1, { what: 'function_call_output' });
      const output = JSON.parse(outputsOf(session)[0].event.item.output);
      const direct = await (await fetch(new URL('/api/get_weather?city=Paris', s.app.url))).json();
      assert.deepEqual(output, direct, 'the model got exactly the backend answer');
      await s.page.waitForFunction(() => window.shown.some((m) => m.role === 'ai' && /Paris/.test(m.text)), null, { timeout: 10_000 });
      assert.ok((await s.shownByAi()).some((text) => text.includes(JSON.stringify(direct).slice(0, 40))), 'the read-back transcript is shown');
    });

    test('two calls in one response: both answered, then one response.create', async () => {
      const session = s.rt.session;
      const already = outputsOf(session).length;
      const mark = session.events.length;
      await s.say("What's the weather in Oslo and in Rome?");
      await s.rt.waitFor(() => outputsOf(session).length >= already + 2, { what: 'two function_call_outputs' });
      await s.rt.waitFor(() => session.events.slice(mark).filter((r) => r.event.type === 'response.create').length >= 2, { what: 'response.create after the outputs' });
      const events = session.events.slice(mark).map((r) => r.event);
      const creates = events.map((e, i) => (e.type === 'response.create' ? i : -1)).filter((i) => i >= 0);
      const outputs = events.map((e, i) => (e.item?.type === 'function_call_output' ? i : -1)).filter((i) => i >= 0);
      assert.equal(outputs.length, 2);
      // creates[0] asked for the model's answer to the question; creates[1] follows both outputs, alone.
      assert.ok(outputs.every((i) => i > creates[0] && i < creates[1]), JSON.stringify(events.map((e) => e.type)));
      assert.equal(creates.length, 2, 'exactly one response.create for the two outputs');
      const cities = outputs.map((i) => JSON.parse(events[i].item.output).city).sort();
      assert.deepEqual(cities, ['Oslo', 'Rome']);
      await s.page.waitForFunction(() => window.shown.some((m) => m.role === 'ai' && /Oslo/.test(m.text) && /Rome/.test(m.text)), null, { timeout: 10_000 });
    });

    test('stop, then start again with a fresh key', async () => {
      const first = s.rt.session;
      await s.stop();
      const second = await s.start();
      assert.notEqual(second.key, first.key);
      assert.ok(s.up.issued.has(second.key));
      await s.say("What's the weather in Lima?");
      await s.rt.waitFor(() => outputsOf(second).length >= 1, { what: 'a tool call in the new session' });
    });

    // Every offer is routed (2.4.2's to the GA path; any version's so that a refusal can be read).
    test('the compatibility layer is scoped: fetch wrapped for the offer only, then given back', async () => {
      const { assignments, restored } = await s.page.evaluate(() => ({ assignments: window.fetchAssignments, restored: window.fetch === window.fetchOriginal }));
      assert.equal(restored, true, 'the page has its own fetch back');
      assert.equal(assignments, 4, 'wrapped and unwrapped once for each of the two starts');
    });

    test('nothing went to a beta path, and the master key is in no browser request', () => {
      assert.ok(s.requests.length > 5);
      for (const r of s.requests) {
        assert.ok(!isBetaPath(r.url) || !r.url.startsWith('https://api.openai.com'), `beta request ${r.url}`);
        assert.ok(!JSON.stringify(r).includes(s.up.masterKey), `master key in ${r.url}`);
      }
      for (const path of [...s.up.requests.map((r) => r.path), ...s.rt.offers.map((o) => o.path)]) {
        assert.ok(path !== '/v1/realtime' && path !== '/v1/realtime/sessions', `beta path ${path} reached the stand-in`);
      }
      assert.deepEqual(s.pageErrors, []);
    });
  });

  describe(`unified interface with deep-chat ${version}: no key in the page`, { skip, timeout: 120_000 }, () => {
    let s;
    before(async () => {
      s = await openQuickStart(deepChat, '#unified');
    });
    after(async () => {
      await s?.close();
    });

    test('the offer goes to the page server, which starts the call with its own session; tool calls work', async () => {
      const session = await s.start();
      const offer = s.rt.offers.at(-1);
      assert.deepEqual([offer.path, offer.form, offer.key === s.up.masterKey, offer.status], ['/v1/realtime/calls', true, true, 201]);
      assert.equal(session.config.instructions, 'Use get_weather for weather questions.');
      assert.deepEqual(session.config.tools.map((t) => t.name), ['get_weather']);
      await s.say("What's the weather in Paris?");
      await s.rt.waitFor(() => outputsOf(session).length >= 1, { what: 'function_call_output' });
      assert.equal(JSON.parse(outputsOf(session)[0].event.item.output).city, 'Paris');

      // The browser never asked for a key, never held one, and sent nothing to OpenAI itself.
      assert.equal(s.up.issued.size, 0, 'no ephemeral key was minted');
      assert.ok(s.requests.some((r) => new URL(r.url).pathname === '/realtime/call' && r.method === 'POST'));
      for (const r of s.requests) {
        assert.ok(!r.url.startsWith('https://api.openai.com'), `request to OpenAI from the page: ${r.url}`);
        assert.ok(!/ek_|sk-/.test(JSON.stringify(r.headers)), `a key in the headers of ${r.url}`);
      }
      assert.deepEqual(s.pageErrors, []);
    });

    // The quick start's rate limit (burst 3) allows this file's three offers.
    test('OpenAI refusing the relayed offer: a visible error, and the next start works without a reload', async () => {
      await s.stop();
      s.rt.failNextOffer(500);
      const before = s.rt.offers.length;
      await s.page.evaluate(() => {
        window.spentService = document.getElementById('chat')._activeService;
      });
      await s.page.locator(TOGGLE).click({ timeout: 5_000 });
      await s.page.waitForFunction(() => document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error').style.display === 'block', null, { timeout: 10_000 });
      assert.equal(s.rt.offers.at(before).status, 500);
      assert.ok(s.requests.some((r) => new URL(r.url).pathname === '/realtime/call'));
      // attach gives the element a fresh realtime service after the failure (the error stays shown).
      await s.page.waitForFunction(() => document.getElementById('chat')._activeService !== window.spentService, null, { timeout: 5_000 });
      const session = await s.start();
      assert.equal(session.state, 'open');
      assert.notEqual(session.id, s.rt.sessions[0].id);
    });
  });
}
