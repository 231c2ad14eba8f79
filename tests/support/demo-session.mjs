// The offline demo in real Chromium over real WebRTC, with what the end-to-end tests look at:
// every request the browser makes, DeepChat's toggle and error, the attachment's state and events.
import { startDemoServer } from '../../examples/demo/server.mjs';
import { launchChromium, webrtcArgs } from './chromium.mjs';
import { TOGGLE } from './deepchat-toggle.mjs';

export { TOGGLE } from './deepchat-toggle.mjs';
export const ERROR = 'deep-chat #deep-chat-openai-realtime-error';

/**
 * Opens the demo page; `close()` closes the browser, the demo server and both stand-ins. `beforeLoad(page)`
 * runs before the page is opened (to route some of its requests).
 */
export async function openDemo(options = {}, { beforeLoad } = {}) {
  const demo = await startDemoServer({ port: 0, rateLimit: false, ...options });
  let browser;
  try {
    browser = await launchChromium({ args: webrtcArgs });
    const page = await browser.context.newPage();
    /** Every request the browser made: url, method, headers, body. */
    const requests = [];
    page.on('request', (request) => {
      requests.push({ url: request.url(), method: request.method(), headers: request.headers(), body: request.postData() ?? '' });
    });
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    // Nothing may reach the real OpenAI: the offline page re-routes the one SDP POST itself.
    const toOpenAI = [];
    await page.route('https://api.openai.com/**', (route) => {
      toOpenAI.push(route.request().url());
      return route.abort();
    });
    await beforeLoad?.(page);
    await page.goto(demo.url);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'Ready.', null, { timeout: 20_000 });

    const session = {
      demo,
      page,
      requests,
      pageErrors,
      toOpenAI,
      realtime: demo.realtime,
      upstream: demo.upstream,
      state: () => page.evaluate(() => window.demoAttachment.state),
      waitForState: (state, timeout = 10_000) =>
        page.waitForFunction((s) => window.demoAttachment.state === s, state, { timeout }),
      /** The attachment's events as the page logged them, oldest first. */
      events: () => page.evaluate(() => [...document.querySelectorAll('#key-events li')].map((li) => li.textContent).reverse()),
      errorShown: () => page.locator(ERROR).evaluate((el) => (el.style.display === 'block' ? el.textContent : null)),
      /** Clicks ▶ and waits until the stand-in has a new open session and DeepChat says started. */
      async start() {
        const before = demo.realtime.sessions.length;
        await page.locator(TOGGLE).click({ timeout: 5_000 });
        const opened = await demo.realtime.waitForSession({ after: before, timeoutMs: 10_000 });
        await session.waitForState('live');
        return opened;
      },
      async stop() {
        await page.locator(TOGGLE).click({ timeout: 5_000 });
        await session.waitForState('idle');
      },
      /** Types to the model as a person would; the page sends it with DeepChat's realtime `methods.sendMessage`. */
      async say(text) {
        await page.fill('#say', text);
        await page.click('#say-form button');
      },
      async close() {
        await browser.close();
        await demo.close();
      },
    };
    return session;
  } catch (error) {
    await browser?.close();
    await demo.close();
    throw error;
  }
}

/** Waits for the client's next `function_call_output` after `count` of them; returns it parsed. */
export async function nextToolOutput(realtime, count, timeoutMs = 10_000) {
  const outputs = () => realtime.events.filter((r) => r.event.type === 'conversation.item.create' && r.event.item?.type === 'function_call_output');
  const record = await realtime.waitFor(() => outputs()[count], { timeoutMs, what: `function_call_output #${count + 1}` });
  return { item: record.event.item, output: JSON.parse(record.event.item.output) };
}
