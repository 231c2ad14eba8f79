// End-to-end, real Chromium + real DeepChat 2.4.2 + real WebRTC to the realtime stand-in:
// the model's tool calls go through the companion to the demo backend and back to the model.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { openDemo, nextToolOutput } from '../support/demo-session.mjs';

describe('DeepChat tool calls over WebRTC', { timeout: 120_000 }, () => {
  let s;
  before(async () => {
    s = await openDemo({ toolTimeoutMs: 1500 });
  });
  after(async () => {
    await s?.close();
  });

  test('1. full round trip: click, key from the server handler, session, tool call, backend answer back to the model', async () => {
    const session = await s.start();

    // The key: minted by the demo's createEphemeralKeyHandler from the REST stand-in (master key
    // on the server side only), then used by DeepChat for the SDP offer.
    // GA only: the key from client_secrets, DeepChat 2.4.2's beta-path offer sent to /v1/realtime/calls.
    const mints = s.upstream.requests.filter((r) => r.path === '/v1/realtime/client_secrets');
    assert.ok(mints.length >= 1 && mints.every((m) => m.authorized));
    assert.equal(mints[0].body.session.type, 'realtime');
    assert.deepEqual(mints[0].body.session.tools.map((t) => t.name), ['get_weather', 'book_table', 'set_theme', 'cancel_booking']);
    assert.ok(mints[0].body.session.tools.every((t) => !('execute' in t) && !('needsApproval' in t) && !('route' in t)), 'OpenAI gets none of the page\'s fields');
    assert.ok(s.upstream.issued.has(session.key), 'the session was opened with a key the upstream minted');
    assert.deepEqual(await s.page.evaluate(() => window.demoSdpRequests), ['https://api.openai.com/v1/realtime/calls']);
    assert.deepEqual(s.realtime.offers.map((o) => [o.path, o.status]), [['/v1/realtime/calls', 201]]);

    // A person asks; the scripted model calls get_weather; the companion validates and routes it.
    await s.say("What's the weather in Paris?");
    const { item, output } = await nextToolOutput(s.realtime, 0);
    const call = session.events.map((r) => r.event).find((e) => e.type === 'conversation.item.create' && e.item.type === 'message');
    assert.equal(call.item.content[0].text, "What's the weather in Paris?");
    const direct = await (await fetch(new URL('/api/get_weather?city=Paris', s.demo.url))).json();
    assert.deepEqual(output, direct, 'the model received exactly the backend answer');
    assert.match(item.call_id, /^call_/);
    // DeepChat asks for the model's next response after the output.
    await s.realtime.waitFor(() => session.events.filter((r) => r.event.type === 'response.create').length >= 2, { what: 'response.create' });
    // The page's tool log shows the call, its request and the answer.
    const logged = await s.page.locator('#tool-calls li.done').first().textContent();
    assert.match(logged, /get_weather: valid/);
    assert.match(logged, /GET http:\/\/127\.0\.0\.1:\d+\/api\/get_weather\?city=Paris → HTTP 200/);
  });

  test('2. invalid arguments: the model gets invalid_arguments, the session stays alive, the next call succeeds', async () => {
    const count = s.realtime.events.filter((r) => r.event.item?.type === 'function_call_output').length;
    const bad = await s.realtime.callTool('get_weather', '{"city": 42}');
    assert.equal(bad.output.error.code, 'invalid_arguments');
    assert.equal(bad.output.error.tool, 'get_weather');
    assert.ok(bad.output.error.errors.some((e) => e.instanceLocation === '/city'), JSON.stringify(bad.output));
    const unknown = await s.realtime.callTool('delete_everything', '{}');
    assert.equal(unknown.output.error.code, 'unknown_tool');
    const notJson = await s.realtime.callTool('get_weather', '{"city":');
    assert.equal(notJson.output.error.code, 'invalid_arguments');

    assert.equal(await s.state(), 'live');
    assert.equal(s.realtime.session?.state, 'open');
    const good = await s.realtime.callTool('get_weather', '{"city":"Oslo","unit":"fahrenheit"}');
    assert.equal(good.output.city, 'Oslo');
    assert.equal(good.output.unit, 'fahrenheit');
    assert.equal(s.realtime.events.filter((r) => r.event.item?.type === 'function_call_output').length, count + 4);
    assert.ok(!(await s.events()).some((e) => /session_(stopped|failed)/.test(e)));
  });

  test('3. a backend that answers 500, times out, or answers text: an error or { response } object, session alive', async () => {
    s.demo.toolFaults.next = 'http_500';
    const failed = await s.realtime.callTool('get_weather', '{"city":"Rome"}');
    assert.equal(failed.output.error.code, 'http_error');
    assert.equal(failed.output.error.status, 500);

    s.demo.toolFaults.next = 'stall';
    const started = Date.now();
    const slow = await s.realtime.callTool('get_weather', '{"city":"Rome"}');
    assert.equal(slow.output.error.code, 'timeout');
    assert.ok(Date.now() - started >= 1400, 'the route timeout (1500 ms) was waited for');

    s.demo.toolFaults.next = 'text';
    const text = await s.realtime.callTool('get_weather', '{"city":"Rome"}');
    assert.deepEqual(text.output, { response: 'plain words from the backend' });

    const booked = await s.realtime.callTool('book_table', '{"restaurant":"Chez Nous","people":2,"time":"19:30"}');
    assert.deepEqual(booked.output, { response: 'Booked Chez Nous for 2 at 19:30.' });

    assert.equal(await s.state(), 'live');
    assert.equal(s.realtime.session?.state, 'open');
    const after = await s.realtime.callTool('get_weather', '{"city":"Rome"}');
    assert.equal(after.output.city, 'Rome');
    assert.equal(s.realtime.sessions.length, 1, 'one session all along');
    assert.deepEqual(s.pageErrors, []);
    assert.deepEqual(s.toOpenAI, []);
  });
});
