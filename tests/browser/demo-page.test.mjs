// The package in a real browser: the demo page loads the WASM core (streaming
// compile) and a person's tool call goes through it to the demo backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startDemoServer } from '../../web/demo/server.mjs';
import { launchChromium } from './support/chromium.mjs';

let demo;
let browser;
let page;

before(async () => {
  demo = await startDemoServer({ port: 0 });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(demo.url);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Ready.', null, { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  demo?.server.close();
});

async function callThroughPage(name, args) {
  await page.fill('#tool-name', name);
  await page.fill('#tool-arguments', args);
  await page.click('#call');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done'));
  return {
    request: await page.textContent('#request'),
    result: JSON.parse(await page.textContent('#result')),
  };
}

test('a valid call reaches the backend and its JSON comes back', async () => {
  const { request, result } = await callThroughPage('get_weather', '{"city":"Paris","unit":"celsius"}');
  assert.match(request, new RegExp(`^GET ${demo.url}api/get_weather\\?city=Paris&unit=celsius`));
  assert.equal(result.city, 'Paris');
  assert.equal(result.unit, 'celsius');
});

test('POST with a path template and a text answer', async () => {
  const { request, result } = await callThroughPage('book_table', '{"restaurant":"Chez Nous","people":2,"time":"19:30"}');
  assert.match(request, /POST .*\/api\/restaurants\/Chez%20Nous\/bookings/);
  assert.deepEqual(result, { response: 'Booked Chez Nous for 2 at 19:30.' });
});

test('refusals in the browser: schema, unknown tool, path escape', async () => {
  assert.equal((await callThroughPage('get_weather', '{"city":42}')).result.error.code, 'invalid_arguments');
  assert.equal((await callThroughPage('delete_everything', '{}')).result.error.code, 'unknown_tool');
  const escape = await callThroughPage('book_table', '{"restaurant":"..","people":1,"time":"12:00"}');
  assert.equal(escape.result.error.code, 'invalid_arguments');
  assert.match(escape.request, /^none/);
});

test('the tools DeepChat gets carry no route', async () => {
  const tools = JSON.parse(await page.textContent('#tools'));
  assert.deepEqual(tools.map((t) => t.name), ['get_weather', 'book_table']);
  assert.ok(tools.every((t) => !('route' in t) && t.type === 'function'));
});
