// A page as a user builds it (the real package, the real DeepChat, the real server handlers), with
// what the live-session tests look at: the attachment's events, DeepChat's error line, and a
// backend whose `slow_lookup` tool takes as long as it is told and records whether the browser
// gave up on it (an aborted request closes before its answer).
//
// One origin serves the page, the package's web/, common/ and dist/, DeepChat, the key endpoint, the offer
// endpoint and the tools; the stand-ins play OpenAI (api.openai.com is routed to them).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEphemeralKeyHandler, createRealtimeCallHandler } from '../../server/index.js';
import { startRestStandIn } from '../../testing/openai-rest.js';
import { startRealtimeStandIn } from '../../testing/realtime-webrtc.js';
import { launchChromium, webrtcArgs } from './chromium.mjs';
import { startLiveSession, TOGGLE } from './deepchat-toggle.mjs';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const defaultDeepChat = join(packageRoot, 'node_modules/deep-chat/dist/deepChat.bundle.js');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

export const TOOLS = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: { type: 'object', properties: { city: { type: 'string', minLength: 1 } }, required: ['city'], additionalProperties: false },
    route: { method: 'GET', path: '/api/get_weather' },
  },
  {
    type: 'function',
    name: 'slow_lookup',
    description: 'Looks something up, slowly.',
    parameters: { type: 'object', properties: { ms: { type: 'integer', minimum: 0, maximum: 20000 } }, required: ['ms'], additionalProperties: false },
    route: { method: 'GET', path: '/api/slow_lookup', timeoutMs: 30000 },
  },
];

const PAGE = `<!doctype html><meta charset="utf-8">
<script type="importmap">{ "imports": { "realtime-companion": "/realtime-companion/web/index.js" } }</script>
<script type="module" src="/deep-chat.js"></script>
<script type="module">
  import { createCompanion } from 'realtime-companion';
  import { tools } from '/tools.js';
  await customElements.whenDefined('deep-chat');
  const chat = document.getElementById('chat');
  window.events = [];
  const onEvent = (event) => window.events.push(event);
  // The companion's whole stream (its keys too), beside the element's.
  window.companionEvents = [];
  const streamed = (event) => window.companionEvents.push(event);
  const unified = location.hash === '#unified';
  const companion = await createCompanion(unified ? { tools, onEvent: streamed } : { tools, keyEndpoint: '/ephemeral-key', onEvent: streamed });
  window.attachment = companion.attach(chat, unified ? { offerEndpoint: '/realtime/call', onEvent } : { onEvent });
  window.shown = [];
  chat.addEventListener('message', (e) => window.shown.push(e.detail.message));
</script>
<deep-chat id="chat"></deep-chat>`;

/**
 * Starts the stand-ins, the page's server and Chromium on the page.
 * @param {{ deepChat?: string, unified?: boolean, entitledModels?: Iterable<string>, model?: string,
 *   supervise?: object, serverTools?: object[], toolsModule?: string, pageTools?: object[] }} options
 *   `serverTools`: tools with a `handler`, which the call handler runs (the page's tools.js never
 *   holds them); `toolsModule`: the page's /tools.js instead of TOOLS as JSON (for tools with
 *   functions), with `pageTools` the JSON form of the tools it adds, for the server's session
 */
export async function openLivePage({ deepChat = defaultDeepChat, unified = false, model = 'gpt-realtime', supervise, serverTools = [], toolsModule, pageTools = [], ...standIn } = {}) {
  const up = await startRestStandIn();
  const rt = await startRealtimeStandIn({ isValidKey: (k) => up.isValidKey(k), describeKey: (k) => up.issued.get(k)?.session, masterKey: up.masterKey, ...standIn });
  up.serveRealtime(rt.origin);
  const audit = [];
  /** slow_lookup requests: { ms, aborted, answered } */
  const lookups = [];

  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const settings = {
    apiKey: up.masterKey,
    baseURL: up.baseURL,
    allowedOrigins: [origin],
    model,
    instructions: 'Use the tools.',
    tools: [...TOOLS, ...pageTools].map(({ route, ...tool }) => tool),
    rateLimit: false,
    audit: (record) => audit.push(record),
  };
  const ephemeralKey = createEphemeralKeyHandler(settings);
  const realtimeCall = createRealtimeCallHandler({ ...settings, tools: [...settings.tools, ...serverTools], ...(supervise !== undefined ? { supervise } : {}) });
  await realtimeCall.ready;
  const files = {
    '/': [PAGE, 'text/html'],
    '/tools.js': [toolsModule ?? `export const tools = ${JSON.stringify(TOOLS)};`, 'text/javascript'],
  };

  server.on('request', async (req, res) => {
    const url = new URL(req.url, origin);
    try {
      if (url.pathname === '/ephemeral-key') return await ephemeralKey(req, res);
      if (url.pathname === '/realtime/call') return await realtimeCall(req, res);
      if (url.pathname === '/api/get_weather') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ city: url.searchParams.get('city'), celsius: 21 }));
      }
      if (url.pathname === '/api/slow_lookup') {
        const lookup = { ms: Number(url.searchParams.get('ms')), aborted: false, answered: false };
        lookups.push(lookup);
        const timer = setTimeout(() => {
          lookup.answered = true;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ found: `after ${lookup.ms} ms` }));
        }, lookup.ms);
        res.on('close', () => {
          if (!lookup.answered) {
            lookup.aborted = true;
            clearTimeout(timer);
          }
        });
        return undefined;
      }
      if (files[url.pathname]) {
        res.writeHead(200, { 'content-type': files[url.pathname][1] });
        return res.end(files[url.pathname][0]);
      }
      const file = url.pathname === '/deep-chat.js' ? deepChat
        : /^\/realtime-companion\/((?:web|common|dist)(?:\/[\w-][\w.-]*)+)$/.test(url.pathname) ? join(packageRoot, normalize(url.pathname.slice('/realtime-companion/'.length))) : null;
      if (file) {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        return res.end(body);
      }
      res.writeHead(404).end();
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });

  const browser = await launchChromium({ args: webrtcArgs });
  const page = await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.route('https://api.openai.com/**', async (route) => {
    const target = new URL(route.request().url());
    await route.fulfill({ response: await route.fetch({ url: `${new URL(up.baseURL).origin}${target.pathname}${target.search}` }) });
  });
  await page.goto(`${origin}/${unified ? '#unified' : ''}`);
  await page.waitForFunction(() => window.attachment !== undefined, null, { timeout: 20_000 });

  const live = {
    up, rt, page, audit, lookups, pageErrors, origin, realtimeCall,
    state: () => page.evaluate(() => window.attachment.state),
    /** The companion's stream so far (createCompanion's onEvent), whole. */
    companionEvents: () => page.evaluate(() => window.companionEvents),
    /** The attachment's events so far (their `type`s, or whole with `full`). */
    events: (full = false) => page.evaluate((f) => (f ? window.events : window.events.map((e) => e.type)), full),
    errorShown: () => page.evaluate(() => {
      const el = document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error');
      return el && el.style.display === 'block' ? el.textContent : null;
    }),
    /** The error line's tooltip: the refusal's or error's own message. */
    errorDetail: () => page.evaluate(() => document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error').getAttribute('title')),
    start: () => startLiveSession(page, rt),
    /** Clicks ▶ and waits for DeepChat's error line; resolves with its text. */
    async startRefused() {
      await page.locator(TOGGLE).click({ timeout: 5_000 });
      await page.waitForFunction(() => document.getElementById('chat').shadowRoot.getElementById('deep-chat-openai-realtime-error').style.display === 'block', null, { timeout: 15_000 });
      return live.errorShown();
    },
    /** Polls `predicate` (for what the stand-in does not watch, e.g. the backend's lookups). */
    async until(predicate, what, timeoutMs = 10_000) {
      for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
        const value = predicate();
        if (value) return value;
      }
      throw new Error(`no ${what} within ${timeoutMs} ms`);
    },
    /** Waits until attach has handed the element a fresh service after a session ended or failed. */
    settled: () => page.waitForFunction(() => !['live', 'connecting', 'fetching_key'].includes(window.attachment.state)
      && (window.events.findLastIndex((e) => e.type === 'reset') > window.events.findLastIndex((e) => e.type === 'session_failed' || e.type === 'session_stopped')), null, { timeout: 10_000 })
      .catch(async (error) => {
        throw new Error(`not settled: state ${await live.state()}, events ${(await live.events()).join(', ')} (${error.message})`);
      }),
    async stop() {
      await page.locator(TOGGLE).click({ timeout: 5_000 });
      await page.waitForFunction(() => window.attachment.state === 'idle', null, { timeout: 10_000 });
    },
    /** DeepChat's realtime `methods.sendMessage(text, role)`. */
    say: (text, role = 'user') => page.evaluate(([t, r]) => document.getElementById('chat').directConnection.openAI.realtime.methods.sendMessage(t, r), [text, role]),
    async close() {
      await realtimeCall.close({ hangup: false });
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rt.close();
      await up.close();
    },
  };
  return live;
}
