// docs/testing.md's recipe, run as it is (its blocks are this file's text): an app's own CI test
// with realtime-companion/testing, real Chromium, real DeepChat and real WebRTC, nothing intercepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startOpenAIStandIn } from 'realtime-companion/testing';
import { startApp } from '../../examples/testing/server.mjs';

let openai;
let app;
let browser;

before(async () => {
  openai = await startOpenAIStandIn(); // OpenAI's Realtime endpoints on 127.0.0.1
  app = await startApp({ port: 0, baseURL: openai.baseURL, apiKey: openai.masterKey });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection'],
  });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await openai?.close();
});

/** Opens the app and starts a voice session; resolves with the call the stand-in opened for it. */
async function startCall(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.attachment !== undefined);
  await page.locator('deep-chat .deep-chat-openai-realtime-toggle').click();
  return openai.waitForCall();
}

test('the model calls get_weather and gets the answer the page fetched from the server', async () => {
  const page = await browser.newPage();
  const call = await startCall(page, app.url);
  const output = await call.callTool('get_weather', { city: 'Paris' });
  assert.deepEqual(output, { city: 'Paris', celsius: 18 });
  await page.close();
});

test('arguments that break the schema never reach the server: the model gets the error', async () => {
  const page = await browser.newPage();
  const call = await startCall(page, app.url);
  const output = await call.callTool('get_weather', { city: '' });
  assert.equal(output.error.code, 'invalid_arguments');
  await page.close();
});

test('the ephemeral-key path: realtimeBaseURL sends the page\'s offer to the stand-in', async () => {
  const page = await browser.newPage();
  await page.addInitScript((baseURL) => {
    window.realtimeBaseURL = baseURL; // read by the page in tests only
  }, openai.baseURL);
  const call = await startCall(page, `${app.url}#ephemeral-key`);
  assert.deepEqual(await call.callTool('get_weather', { city: 'Oslo' }), { city: 'Oslo', celsius: 18 });
  assert.equal(openai.offers.at(-1).form, false, 'the page posted the offer itself, with an ephemeral key');
  await page.close();
});

test('OpenAI refuses the offer: the page says why', async () => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.waitForFunction(() => window.attachment !== undefined);
  openai.failNextOffer(429, { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota.' });
  await page.locator('deep-chat .deep-chat-openai-realtime-toggle').click();
  await page.waitForFunction(() => window.attachment.state === 'failed' || window.attachment.state === 'idle');
  await assert.doesNotReject(page.getByText(/quota/).first().waitFor());
  await page.close();
});
