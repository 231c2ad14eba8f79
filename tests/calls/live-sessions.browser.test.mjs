// Live sessions against OpenAI as it behaves mid-call (the stand-ins follow the public record), in
// real Chromium over real WebRTC, with deep-chat 2.4.2 (npm) and 2.5.0 (../shared), on the key path
// and the unified interface: a person talks over a running tool (and the race where OpenAI refuses
// the post-tool response.create), interrupts the model mid-call, meets recoverable and fatal errors,
// stops while a tool runs, a reasoning model speaks preambles and calls in two responses, and OpenAI
// refuses the offer. A test fails if the session drops on a recoverable error.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { openLivePage } from '../support/live-page.mjs';

const DEEP_CHAT_250 = fileURLToPath(new URL('../../../shared/deep-chat-2.5.0/deepChat.bundle.js', import.meta.url));
const versions = [
  ['2.4.2', undefined, false],
  ['2.5.0', DEEP_CHAT_250, !existsSync(DEEP_CHAT_250) && `deep-chat 2.5.0 is not at ${DEEP_CHAT_250} (../shared/deep-chat-2.5.0/): skipped`],
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const clientEvents = (session, from = 0) => session.events.slice(from).map((r) => r.event);
const outputsIn = (events) => events.filter((e) => e.type === 'conversation.item.create' && e.item?.type === 'function_call_output');
const createsIn = (events) => events.filter((e) => e.type === 'response.create');

/** The session is still live: the attachment says so, DeepChat showed no error, the channel is open. */
async function assertLive(live, session) {
  assert.equal(await live.state(), 'live');
  assert.equal(await live.errorShown(), null);
  assert.equal(session.state, 'open');
  assert.ok(!(await live.events()).includes('session_failed'), 'no session_failed');
}

for (const [version, deepChat, skip] of versions) {
  describe(`live sessions with deep-chat ${version}, ephemeral keys`, { skip, timeout: 240_000 }, () => {
    let live;
    let session;
    before(async () => {
      live = await openLivePage({ deepChat });
      session = await live.start();
    });
    after(async () => {
      await live?.close();
    });

    test('the person speaks while a tool runs: the post-tool response.create waits for the VAD response, then one goes out', async () => {
      const mark = session.events.length;
      const [callId] = session.callTools([{ name: 'slow_lookup', arguments: '{"ms":700}' }]);
      await sleep(100);
      const vad = session.bargeIn({ speakMs: 100, respondMs: 1500 }); // active from ~100 ms to ~1700 ms
      await live.rt.waitFor(() => outputsIn(clientEvents(session, mark)).length === 1, { what: 'the tool output' });
      assert.equal(session.activeResponse !== null, true, 'the VAD response is still under way');
      assert.equal(createsIn(clientEvents(session, mark)).length, 0, 'no response.create during it');
      await vad;
      await live.rt.waitFor(() => createsIn(clientEvents(session, mark)).length === 1, { what: 'the held response.create' });
      const events = clientEvents(session, mark);
      assert.equal(outputsIn(events)[0].item.call_id, callId);
      await live.page.waitForFunction(() => window.shown.some((m) => m.role === 'ai' && /after 700 ms/.test(m.text)), null, { timeout: 10_000 });
      await sleep(300);
      assert.equal(createsIn(clientEvents(session, mark)).length, 1, 'exactly one');
      await assertLive(live, session);
    });

    test('the race: OpenAI refuses the create (conversation_already_has_active_response); it is swallowed and sent again after that response', async () => {
      const mark = session.events.length;
      const eventsBefore = (await live.events()).length;
      session.callTools([{ name: 'slow_lookup', arguments: '{"ms":900}' }]);
      // VAD decides at ~300 ms (active at once); its response.created only reaches the page at ~1500 ms.
      const vad = session.bargeIn({ speakMs: 300, createdDelayMs: 1200, respondMs: 300 });
      await live.rt.waitFor(() => createsIn(clientEvents(session, mark)).length >= 1, { what: 'the first response.create' });
      await vad;
      await live.rt.waitFor(() => createsIn(clientEvents(session, mark)).length >= 2, { what: 'the create sent again' });
      const [first, second] = createsIn(clientEvents(session, mark));
      assert.notEqual(first.event_id, second.event_id);
      const events = (await live.events(true)).slice(eventsBefore);
      const deferred = events.find((e) => e.type === 'realtime_error');
      assert.deepEqual([deferred?.code, deferred?.eventId, deferred?.handled], ['conversation_already_has_active_response', first.event_id, 'response_deferred']);
      await sleep(500);
      assert.equal(createsIn(clientEvents(session, mark)).length, 2, 'no storm');
      await assertLive(live, session);
    });

    test('the model is interrupted while calling a tool: the cancelled call is neither run nor answered', async () => {
      const mark = session.events.length;
      const lookups = live.lookups.length;
      const eventsBefore = (await live.events()).length;
      const ids = session.interruptCalls([{ name: 'slow_lookup', arguments: '{"ms":10}' }], { speakMs: 100, respondMs: 200 });
      await ids.done;
      await sleep(300);
      assert.equal(live.lookups.length, lookups, 'the backend never saw the call');
      assert.deepEqual(outputsIn(clientEvents(session, mark)), []);
      assert.deepEqual(createsIn(clientEvents(session, mark)), [], 'no response.create into the person\'s turn');
      const skipped = (await live.events(true)).slice(eventsBefore).find((e) => e.type === 'tool_calls_skipped');
      assert.deepEqual([skipped.status, skipped.reason, skipped.calls.map((c) => [c.name, c.call_id, c.reason])],
        ['cancelled', 'turn_detected', [['slow_lookup', ids[0], 'response_cancelled']]]);
      await assertLive(live, session);
    });

    test('recoverable errors leave the call open and become events; a tool call works after them', async () => {
      const eventsBefore = (await live.events()).length;
      const codes = ['response_cancel_not_active', 'input_audio_buffer_commit_empty', 'cannot_update_voice', 'a_code_nobody_documented'];
      for (const code of codes) session.sendError(code, { message: `stand-in ${code}`, eventId: `evt_${code}` });
      await live.page.waitForFunction((n) => window.events.length >= n + 4, eventsBefore, { timeout: 5_000 });
      const errors = (await live.events(true)).slice(eventsBefore).filter((e) => e.type === 'realtime_error');
      assert.deepEqual(errors.map((e) => [e.code, e.eventId, e.known]), codes.map((c) => [c, `evt_${c}`, c !== 'a_code_nobody_documented']));
      await assertLive(live, session);
      const mark = session.events.length;
      const [result] = await live.rt.callTools([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
      assert.equal(result.output.city, 'Oslo');
      await live.rt.waitFor(() => createsIn(clientEvents(session, mark)).length === 1, { what: 'the response.create after it' });
    });

    test('a reasoning model: a preamble, two calls, then two more in a second response before the first are answered: each answered once, one create', async () => {
      const mark = session.events.length;
      const first = session.callTools([{ name: 'slow_lookup', arguments: '{"ms":600}' }, { name: 'get_weather', arguments: '{"city":"Rome"}' }],
        { preamble: 'Let me check both.' });
      await first.done;
      const second = session.callTools([{ name: 'get_weather', arguments: '{"city":"Lima"}' }, { name: 'get_weather', arguments: '{"city":"Kyiv"}' }]);
      await live.rt.waitFor(() => outputsIn(clientEvents(session, mark)).length === 4, { what: 'four outputs' });
      await live.rt.waitFor(() => createsIn(clientEvents(session, mark)).length === 1, { what: 'one response.create' });
      const events = clientEvents(session, mark);
      const lastOutput = events.findLastIndex((e) => e.item?.type === 'function_call_output');
      assert.ok(events.findIndex((e) => e.type === 'response.create') > lastOutput, `the create follows every output: ${events.map((e) => e.type).join(', ')}`);
      assert.deepEqual(outputsIn(events).map((e) => e.item.call_id).sort(), [...first, ...second].sort());
      await sleep(300);
      assert.equal(createsIn(clientEvents(session, mark)).length, 1);
      assert.ok((await live.page.evaluate(() => window.shown.filter((m) => m.role === 'ai').map((m) => m.text))).includes('Let me check both.'), 'the preamble is shown');
      await assertLive(live, session);
    });

    test('an assistant message from the page goes out in GA shape (output_text) and is accepted', async () => {
      const mark = session.events.length;
      const errors = (await live.events()).filter((t) => t === 'realtime_error').length;
      await live.say('Noted: the page said this.', 'assistant');
      const item = await live.rt.waitFor(() => clientEvents(session, mark).find((e) => e.type === 'conversation.item.create')?.item, { what: 'the assistant item' });
      assert.deepEqual(item.content.map((p) => p.type), ['output_text']);
      await sleep(300);
      assert.equal((await live.events()).filter((t) => t === 'realtime_error').length, errors, 'not refused');
      await assertLive(live, session);
    });

    test('stopping while a tool runs aborts its request: the backend sees it close, nothing is sent for it', async () => {
      const mark = session.events.length;
      const lookups = live.lookups.length;
      session.callTools([{ name: 'slow_lookup', arguments: '{"ms":8000}' }]);
      await live.until(() => live.lookups.length > lookups, 'slow request at the backend');
      await live.stop();
      await live.until(() => live.lookups[lookups].aborted, 'abort seen by the backend');
      assert.equal(live.lookups[lookups].answered, false);
      assert.deepEqual(outputsIn(clientEvents(session, mark)), []);
      const aborted = (await live.events(true)).find((e) => e.type === 'tool_call_aborted');
      assert.deepEqual([aborted.name, aborted.reason], ['slow_lookup', 'session_stopped']);
    });

    test('a fatal error (session_expired) ends the call and the element says why; the next start works', async () => {
      session = await live.start();
      await session.expire();
      await live.page.waitForFunction(() => window.attachment.state === 'failed' || window.events.some((e) => e.type === 'reset' && e.error), null, { timeout: 10_000 });
      assert.equal(await live.errorShown(), 'OpenAI ended the call: the session reached its maximum duration (session_expired).');
      assert.match(await live.errorDetail(), /maximum duration of 60 minutes/);
      const events = await live.events(true);
      assert.ok(events.some((e) => e.type === 'session_error' && e.code === 'session_expired'));
      session = await live.start();
      assert.equal(await live.errorShown(), null);
    });

    test('OpenAI closes the channel without a word: the call ends visibly instead of looking live', async () => {
      session.channel.close(); // an SCTP stream reset; the peer connection closes after it
      await live.page.waitForFunction(() => window.events.some((e) => e.type === 'channel_closed'), null, { timeout: 10_000 });
      await session.close();
      await live.settled();
      assert.match(await live.errorShown(), /connection to OpenAI closed/);
    });

    test('the offer refused for a model the project may not use (keys are minted for it): the element shows model_not_found', async () => {
      if (await live.state() === 'live') await live.stop();
      await live.settled();
      const entitled = live.rt.entitledModels;
      live.rt.setEntitled([]);
      try {
        const shown = await live.startRefused();
        assert.equal(shown, 'OpenAI refused the call: this project may not use the model (model_not_found).');
        assert.match(await live.errorDetail(), /does not exist or you do not have access to it/);
        const refused = (await live.events(true)).findLast((e) => e.type === 'offer_refused');
        assert.deepEqual([refused.by, refused.status, refused.code], ['openai', 403, 'model_not_found']);
        assert.ok(live.up.issued.size > 0, 'the key was minted');
      } finally {
        live.rt.setEntitled(entitled);
      }
    });

    test('insufficient_quota and a refused key: OpenAI\'s code and message, no key in them', async () => {
      if (await live.state() === 'live') await live.stop();
      await live.settled();
      live.rt.failNextOffer(429, { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.', param: null });
      assert.equal(await live.startRefused(), 'OpenAI refused the call: the OpenAI account is out of quota (insufficient_quota).');
      assert.match(await live.errorDetail(), /You exceeded your current quota/);
      live.rt.failNextOffer(401, { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: ek_68d0****a1b2. Your ephemeral key may have expired.', param: null });
      await live.settled();
      const shown = await live.startRefused();
      assert.equal(shown, 'OpenAI refused the call: the key was refused (invalid_api_key).');
      const detail = await live.errorDetail();
      assert.match(detail, /^Incorrect API key provided: \[key\]\./);
      assert.ok(!/ek_/.test(detail), detail);
      const refused = (await live.events(true)).filter((e) => e.type === 'offer_refused');
      assert.ok(refused.every((e) => !/ek_[A-Za-z0-9]/.test(JSON.stringify(e))));
      assert.deepEqual(live.pageErrors, []);
    });
  });

  describe(`live sessions with deep-chat ${version}, unified interface`, { skip, timeout: 180_000 }, () => {
    let live;
    before(async () => {
      live = await openLivePage({ deepChat, unified: true });
    });
    after(async () => {
      await live?.close();
    });

    test('barge-in race on the unified interface: swallowed, sent again, the call goes on', async () => {
      const session = await live.start();
      const mark = session.events.length;
      session.callTools([{ name: 'slow_lookup', arguments: '{"ms":900}' }]);
      const vad = session.bargeIn({ speakMs: 300, createdDelayMs: 1200, respondMs: 300 });
      await vad;
      await live.rt.waitFor(() => createsIn(clientEvents(session, mark)).length >= 2, { what: 'the create sent again' });
      assert.ok((await live.events(true)).some((e) => e.type === 'realtime_error' && e.handled === 'response_deferred'));
      await assertLive(live, session);
      await live.stop();
    });

    test('OpenAI refuses the relayed offer (model_not_found): the audit record keeps OpenAI\'s error, the page its code', async () => {
      const entitled = live.rt.entitledModels;
      live.rt.setEntitled([]);
      try {
        const shown = await live.startRefused();
        assert.match(shown, /this project may not use the model \(model_not_found\)/);
        const refused = (await live.events(true)).findLast((e) => e.type === 'offer_refused');
        assert.deepEqual([refused.by, refused.status, refused.upstreamStatus, refused.code], ['openai', 502, 403, 'model_not_found']);
        const record = live.audit.findLast((r) => r.reason === 'upstream_error');
        assert.deepEqual([record.upstream_status, record.upstream_error.code, record.upstream_error.type], [403, 'model_not_found', 'invalid_request_error']);
        assert.match(record.upstream_error.message, /gpt-realtime/);
        assert.ok(!JSON.stringify(live.audit).includes(live.up.masterKey));
      } finally {
        live.rt.setEntitled(entitled);
      }
    });
  });
}
