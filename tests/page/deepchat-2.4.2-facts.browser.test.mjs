// What DeepChat 2.4.2 does on its own (no companion), checked in real Chromium over real WebRTC,
// because attachToDeepChat is built on these facts (docs/deepchat.md). If an upgrade changes one,
// this file says which. DeepChat's SDP POST to https://api.openai.com is forwarded to the stand-in
// with Playwright's page.route, so the request is seen exactly as DeepChat sends it. The stand-in
// speaks today's GA interface, which refuses 2.4.2's beta path; to observe DeepChat's own behaviour
// past the offer, the route sends it to /v1/realtime/calls, as attach does (one test does not).
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { startRestStandIn } from '../../testing/openai-rest.js';
import { startRealtimeStandIn } from '../../testing/realtime-webrtc.js';
import { launchChromium, webrtcArgs } from '../support/chromium.mjs';
import { TOGGLE } from '../support/deepchat-toggle.mjs';

const bundle = createRequire(import.meta.url).resolve('deep-chat/dist/deepChat.bundle.js');

const PAGE = `<!doctype html>
<script type="module" src="/deepChat.bundle.js"></script>
<deep-chat id="chat" style="font-family: sans-serif"></deep-chat>
<script type="module">
  await customElements.whenDefined('deep-chat');
  const chat = document.getElementById('chat');
  window.keys = [];
  window.domEvents = [];
  window.callbacks = [];
  for (const type of ['sts-session-started', 'sts-session-stopped']) chat.addEventListener(type, () => domEvents.push(type));
  window.keyFunction = async () => {
    const response = await fetch('/key');
    if (!response.ok) throw new Error('no key');
    const key = await response.text();
    keys.push(key);
    return key;
  };
  window.configure = (handlerAnswer) => {
    chat.directConnection = { openAI: { realtime: {
      autoFetchEphemeralKey: false, autoStart: false,
      fetchEphemeralKey: () => window.keyFunction(),
      events: { started: () => callbacks.push('started'), stopped: () => callbacks.push('stopped') },
      config: { tools: [{ type: 'function', name: 'ping', parameters: { type: 'object' } }],
                function_handler: async () => handlerAnswer },
    } } };
  };
  window.ready = true;
</script>`;

describe('DeepChat 2.4.2 on its own', { timeout: 90_000 }, () => {
  let up;
  let rt;
  let server;
  let browser;
  let page;
  let keyFails = false;
  let forwardBetaToGa = true;
  let sdpRequests;

  before(async () => {
    up = await startRestStandIn();
    rt = await startRealtimeStandIn({ isValidKey: (k) => up.isValidKey(k) });
    const js = await readFile(bundle);
    server = http.createServer(async (req, res) => {
      if (req.url === '/deepChat.bundle.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      if (req.url === '/key') {
        if (keyFails) return res.writeHead(500).end();
        const minted = await fetch(`${up.baseURL}/realtime/client_secrets`, { method: 'POST', headers: { authorization: `Bearer ${up.masterKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }) });
        return res.writeHead(200, { 'content-type': 'text/plain' }).end((await minted.json()).value);
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium({ args: webrtcArgs });
  });
  after(async () => {
    await browser?.close();
    server?.close();
    await rt?.close();
    await up?.close();
  });

  beforeEach(async () => {
    keyFails = false;
    forwardBetaToGa = true;
    sdpRequests = [];
    page = await browser.context.newPage();
    await page.route('https://api.openai.com/**', async (route) => {
      const request = route.request();
      sdpRequests.push({ url: request.url(), method: request.method(), headers: await request.allHeaders() });
      const path = new URL(request.url()).pathname;
      const answer = await fetch(`${rt.origin}${forwardBetaToGa && path === '/v1/realtime' ? '/v1/realtime/calls' : path}`, {
        method: 'POST', body: request.postData(), headers: { authorization: request.headers().authorization, 'content-type': request.headers()['content-type'] },
      });
      await route.fulfill({ status: answer.status, headers: { 'content-type': answer.headers.get('content-type'), 'access-control-allow-origin': '*' }, body: await answer.text() });
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.ready);
  });
  afterEach(async () => {
    await page?.close();
  });

  const state = () => page.evaluate(() => ({ keys: window.keys.length, dom: window.domEvents, callbacks: window.callbacks }));
  const toggleUnavailable = () => page.locator(TOGGLE).evaluate((el) => el.classList.contains('deep-chat-openai-realtime-button-unavailable'));
  const errorText = () => page.locator('deep-chat #deep-chat-openai-realtime-error').evaluate((el) => (el.style.display === 'block' ? el.textContent : null));

  test('the key is fetched once per element: stop and start, and a new directConnection, reuse it', async () => {
    await page.evaluate(() => window.configure({ ok: true }));
    await page.locator(TOGGLE).click();
    await page.waitForFunction(() => window.domEvents.includes('sts-session-started'));
    assert.equal(sdpRequests.length, 1);
    assert.equal(sdpRequests[0].url, 'https://api.openai.com/v1/realtime', 'exactly this URL, no query');
    assert.equal(sdpRequests[0].method, 'POST');
    assert.equal(sdpRequests[0].headers['content-type'], 'application/sdp');
    const key = await page.evaluate(() => window.keys[0]);
    assert.equal(sdpRequests[0].headers.authorization, `Bearer ${key}`);

    await page.locator(TOGGLE).click(); // stop
    await page.waitForFunction(() => window.domEvents.includes('sts-session-stopped'));
    await page.evaluate(() => window.configure({ ok: true })); // a fresh directConnection object
    await page.waitForTimeout(100);
    await page.locator(TOGGLE).click(); // start again
    await page.waitForFunction(() => window.domEvents.filter((e) => e === 'sts-session-started').length === 2);
    assert.equal((await state()).keys, 1, 'fetchEphemeralKey was not called again');
    assert.equal(sdpRequests[1].headers.authorization, `Bearer ${key}`, 'the same key was offered again');
    assert.deepEqual((await state()).callbacks, [], 'realtime.events callbacks never fire (the config is JSON-cloned)');
  });

  test("on its own against today's OpenAI its offer goes to the beta path, is refused (beta_api_shape_disabled), and DeepChat shows \"Error\"", async () => {
    forwardBetaToGa = false;
    await page.evaluate(() => window.configure({ ok: true }));
    await page.locator(TOGGLE).click();
    await page.waitForFunction(() => document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error').style.display === 'block');
    assert.deepEqual(sdpRequests.map((r) => r.url), ['https://api.openai.com/v1/realtime']);
    assert.equal(rt.offers.at(-1).status, 400);
    assert.equal(await errorText(), 'Error');
    assert.deepEqual((await state()).dom, [], 'no session started');
  });

  test('a rejected fetchEphemeralKey sticks: "Error", and the toggle takes no more clicks', async () => {
    keyFails = true;
    await page.evaluate(() => window.configure({ ok: true }));
    await page.locator(TOGGLE).click();
    await page.waitForFunction(() => document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error').style.display === 'block');
    assert.equal(await errorText(), 'Error');
    assert.equal(await toggleUnavailable(), true);
    assert.equal(await page.locator(TOGGLE).evaluate((el) => getComputedStyle(el).pointerEvents), 'none');
    assert.equal(sdpRequests.length, 0);
  });

  test('an expired key: the SDP POST gets 401, DeepChat shows "Error" and disables the toggle', async () => {
    await page.evaluate(() => {
      window.keyFunction = async () => 'ek_expired_or_unknown';
    });
    await page.evaluate(() => window.configure({ ok: true }));
    await page.locator(TOGGLE).click();
    await page.waitForFunction(() => document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error').style.display === 'block');
    assert.equal(rt.offers.at(-1).status, 401);
    assert.equal(await toggleUnavailable(), true);
    assert.deepEqual((await state()).dom, [], 'no sts-session-stopped: the peer connection is left open');
  });

  test('a function_handler answer that is not an object stops the session', async () => {
    await page.evaluate(() => window.configure('plain text'));
    const before = rt.sessions.length;
    await page.locator(TOGGLE).click();
    const session = await rt.waitForSession({ after: before });
    await page.waitForFunction(() => window.domEvents.includes('sts-session-started'));
    session.callTool('ping', '{}');
    await page.waitForFunction(() => window.domEvents.includes('sts-session-stopped'), null, { timeout: 5000 });
    assert.equal(await errorText(), 'Error');
    assert.ok(!session.events.some((r) => r.event.item?.type === 'function_call_output'), 'nothing was returned to the model');
  });
});
