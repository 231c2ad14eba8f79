// The demo page in a real browser: the WASM core loads, DeepChat comes from the npm package (no
// CDN, no request leaves 127.0.0.1), the page says it is offline, attach keeps the page's own
// DeepChat settings, the page's companion refuses what it must, and its event log is the one stream.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { openDemo } from '../support/demo-session.mjs';

describe('demo page', { timeout: 60_000 }, () => {
  let s;
  before(async () => {
    s = await openDemo();
  });
  after(async () => {
    await s?.close();
  });

  const call = (name, args) => s.page.evaluate(([n, a]) => window.companion.functionHandler({ name: n, arguments: a }), [name, args]);

  test('DeepChat from node_modules, nothing fetched off 127.0.0.1, the offline mode labelled', async () => {
    assert.ok(s.requests.some((r) => r.url === `${s.demo.url}node_modules/deep-chat/dist/deepChat.bundle.js`));
    assert.deepEqual(s.requests.filter((r) => !r.url.startsWith('http://127.0.0.1:')).map((r) => r.url), []);
    assert.match(await s.page.textContent('#mode'), /OFFLINE/);
    assert.equal(await s.page.isVisible('#offline-note'), true);
    assert.equal(await s.page.locator('deep-chat .deep-chat-openai-realtime-toggle').count(), 1);
  });

  test('the page runs on the compiled tool set: the browser core is fetched, the compiler never', async () => {
    const paths = s.requests.map((r) => new URL(r.url).pathname);
    assert.ok(s.requests.some((r) => r.url === `${s.demo.url}tools.rct?v=${s.demo.toolSet.hash}`), 'the set, under its hash');
    assert.ok(paths.includes('/dist/realtime-companion-browser.wasm'));
    // Standalone WebAssembly: the page's own loader (common/standalone-instance.js), no glue to fetch.
    assert.deepEqual(paths.filter((p) => p.startsWith('/dist/') && p.endsWith('.mjs') && !p.includes('keys')), []);
    assert.deepEqual(paths.filter((p) => p.includes('realtime-companion-core')), []);
  });

  test('a key page: the key piece is fetched at load, before the first start and before the first key', async () => {
    // "Ready." comes before it (createCompanion does not wait for it); no start is needed to fetch it.
    await s.page.waitForFunction(() => window.companion.keyStatus().state !== 'loading');
    const paths = s.requests.map((r) => new URL(r.url).pathname);
    const keyPiece = paths.indexOf('/dist/realtime-companion-keys.wasm');
    assert.ok(keyPiece >= 0, 'the key piece was fetched without a start');
    assert.ok(paths.includes('/web/keys.js'));
    const firstKey = paths.indexOf('/ephemeral-key');
    assert.ok(firstKey === -1 || firstKey > keyPiece, 'the warm-up key was fetched after the key piece');
    assert.equal(paths.filter((p) => p === '/dist/realtime-companion-keys.wasm').length, 1);
  });

  test("attach keeps the page's own DeepChat settings and styles", async () => {
    const realtime = await s.page.evaluate(() => {
      const { realtime: r } = document.getElementById('chat').directConnection.openAI;
      return { ...r, fetchEphemeralKey: typeof r.fetchEphemeralKey, config: { tools: r.config.tools.map((t) => t.name), handler: typeof r.config.function_handler } };
    });
    assert.deepEqual(realtime.avatar, { maxScale: 2.2 });
    assert.deepEqual(realtime.loading, { text: 'Connecting…' });
    assert.deepEqual(realtime.error, { text: 'Could not start the voice session' });
    assert.equal(realtime.autoStart, false);
    assert.equal(realtime.autoFetchEphemeralKey, false);
    assert.equal(realtime.fetchEphemeralKey, 'function');
    assert.deepEqual(realtime.config, { tools: ['get_weather', 'book_table', 'set_theme', 'cancel_booking'], handler: 'function' });
    const width = await s.page.locator('#chat').evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(width > 400, `the page's width: 100% style is kept (${width} px)`);
  });

  test('the companion in the browser: a valid call, a POST with a path and a text answer', async () => {
    const weather = await call('get_weather', '{"city":"Paris","unit":"celsius"}');
    assert.equal(weather.city, 'Paris');
    assert.equal(weather.unit, 'celsius');
    assert.deepEqual(await call('book_table', '{"restaurant":"Chez Nous","people":2,"time":"19:30"}'), { response: 'Booked Chez Nous for 2 at 19:30.' });
    const logged = await s.page.locator('#tool-calls li').first().textContent();
    assert.match(logged, /POST .*\/api\/restaurants\/Chez%20Nous\/bookings/);
  });

  test("the page's event log is the companion's one stream: the key's warm-up by id, each call's start and finish", async () => {
    await s.page.waitForFunction(() => [...document.querySelectorAll('#key-events li')].some((li) => li.textContent.includes('key_fetched')));
    await call('get_weather', '{"city":"Bergen","unit":"celsius"}');
    const log = await s.page.evaluate(() => [...document.querySelectorAll('#key-events li')].map((li) => li.textContent).reverse());
    assert.ok(log.some((line) => /key_fetched: key [0-9a-f]{12}/.test(line)), log.join('\n'));
    const started = log.findLastIndex((line) => /tool_call_started: get_weather \(runs on the page\)/.test(line));
    const finished = log.findLastIndex((line) => /tool_call_finished: get_weather ok in \d+ ms/.test(line));
    assert.ok(started >= 0 && finished > started, log.join('\n'));
    assert.ok(!log.join('\n').includes('Bergen'), 'the log has no arguments');
  });

  test('refusals in the browser: schema, unknown tool, path escape; the tools carry no route', async () => {
    assert.equal((await call('get_weather', '{"city":42}')).error.code, 'invalid_arguments');
    assert.equal((await call('delete_everything', '{}')).error.code, 'unknown_tool');
    assert.equal((await call('book_table', '{"restaurant":"..","people":1,"time":"12:00"}')).error.code, 'invalid_arguments');
    assert.match(await s.page.locator('#tool-calls li').first().textContent(), /refused: invalid_arguments, nothing sent/);
    const tools = await s.page.evaluate(() => window.companion.tools);
    assert.deepEqual(tools.map((t) => t.name), ['get_weather', 'book_table', 'set_theme', 'cancel_booking']);
    assert.ok(tools.every((t) => !('route' in t) && !('execute' in t) && !('needsApproval' in t) && t.type === 'function'));
  });

  test('set_theme runs in the page (validated first); cancel_booking asks first, and with nobody to ask is declined', async () => {
    assert.deepEqual(await call('set_theme', '{"theme":"dark"}'), { theme: 'dark' });
    assert.equal(await s.page.evaluate(() => document.body.dataset.theme), 'dark');
    assert.equal((await call('set_theme', '{"theme":"sepia"}')).error.code, 'invalid_arguments');
    assert.equal(await s.page.evaluate(() => document.body.dataset.theme), 'dark');
    await s.page.evaluate(() => {
      document.body.dataset.theme = 'light';
    });
    // Outside a session (no attach to show the question, no approve given): declined, nothing sent.
    const declined = await call('cancel_booking', '{"restaurant":"Chez Nous","time":"19:30"}');
    assert.equal(declined.error.code, 'declined');
    assert.ok(!s.requests.some((r) => r.url.includes('/cancellations')), 'nothing sent');
    const allowed = await s.page.evaluate(() => window.companion.functionHandler(
      { name: 'cancel_booking', arguments: '{"restaurant":"Chez Nous","time":"19:30"}' },
      { approve: ({ name, arguments: args }) => name === 'cancel_booking' && args.time === '19:30' },
    ));
    assert.deepEqual(allowed, { cancelled: true, restaurant: 'Chez Nous', time: '19:30' });
  });
});

test('with OPENAI_API_KEY the demo is online: no stand-in, no fetch wrapper, no offline label', { timeout: 30_000 }, async () => {
  const { startDemoServer } = await import('../../examples/demo/server.mjs');
  const { launchChromium } = await import('../support/chromium.mjs');
  const demo = await startDemoServer({ port: 0, apiKey: 'sk-test-not-a-real-key' });
  const browser = await launchChromium();
  try {
    assert.equal(demo.offline, false);
    assert.equal(demo.upstream, null);
    assert.equal(demo.realtime, null);
    const page = await browser.context.newPage();
    await page.route('https://api.openai.com/**', (route) => route.abort()); // never reached here
    await page.goto(demo.url);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'Ready.', null, { timeout: 20_000 });
    assert.match(await page.textContent('#mode'), /^online/);
    assert.equal(await page.isVisible('#offline-note'), false);
    assert.equal(await page.evaluate(() => window.fetch.toString().includes('[native code]')), true);
    assert.equal(await page.locator('[data-offline]').count(), 0);
  } finally {
    await browser.close();
    await demo.close();
  }
});
