// The page's one event stream in real Chromium over real WebRTC, with deep-chat 2.4.2 (npm) and
// 2.5.0 (../shared): for one start and one tool call, the element's stream (attach's onEvent) tells
// the key, the offer, the session, then the call's start and finish, in that order; the companion's
// stream (createCompanion's onEvent) has the same events and the key lifecycle's around them; no
// event holds the key, the model's arguments or the tool's answer.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { openLivePage } from '../support/live-page.mjs';

const DEEP_CHAT_250 = fileURLToPath(new URL('../../../shared/deep-chat-2.5.0/deepChat.bundle.js', import.meta.url));
const versions = [
  ['2.4.2', undefined, false, ['offer_rerouted', 'offer_sent']],
  ['2.5.0', DEEP_CHAT_250, !existsSync(DEEP_CHAT_250) && `deep-chat 2.5.0 is not at ${DEEP_CHAT_250} (../shared/deep-chat-2.5.0/): skipped`, ['offer_sent']],
];

for (const [version, deepChat, skip, offerEvents] of versions) {
  describe(`the event stream with deep-chat ${version}`, { skip, timeout: 120_000 }, () => {
    let live;
    before(async () => {
      live = await openLivePage({ deepChat });
    });
    after(async () => {
      await live?.close();
    });

    test('one start and one call: key, offer, session, tool call started and finished, in order', async () => {
      const session = await live.start();
      const [{ call_id: callId, output }] = await live.rt.callTools([{ name: 'get_weather', arguments: '{"city":"Trondheim"}' }]);
      assert.deepEqual(output, { city: 'Trondheim', celsius: 21 });
      await live.page.waitForFunction(() => window.events.some((e) => e.type === 'tool_call_finished'), null, { timeout: 10_000 });

      const element = await live.events(true);
      assert.deepEqual(element.map((e) => e.type),
        ['key_requested', 'key_received', ...offerEvents, 'session_started', 'tool_call_started', 'tool_call_finished']);
      assert.ok(element.every((e, i) => typeof e.at === 'number' && (i === 0 || e.at >= element[i - 1].at)), 'each has its time, in order');
      assert.equal(element.find((e) => e.type === 'offer_sent').endpoint, '/v1/realtime/calls');
      const started = element.find((e) => e.type === 'tool_call_started');
      const finished = element.find((e) => e.type === 'tool_call_finished');
      assert.deepEqual([started.name, started.callId, started.runsOn], ['get_weather', callId, 'page']);
      assert.deepEqual([finished.name, finished.callId, finished.ok, finished.errorCode], ['get_weather', callId, true, null]);
      assert.ok(finished.durationMs >= 0);

      // The companion's stream: the element's events in the same order, and the key's hand-out by id.
      const stream = await live.companionEvents();
      const elementTypes = new Set(element.map((e) => e.type));
      assert.deepEqual(stream.filter((e) => elementTypes.has(e.type)), element);
      const types = stream.map((e) => e.type);
      assert.ok(types.indexOf('key_handed_out') > types.indexOf('key_requested') && types.indexOf('key_handed_out') < types.indexOf('key_received'),
        types.join(', '));
      assert.match(stream.find((e) => e.type === 'key_handed_out').keyId, /^[0-9a-f]{12}$/);

      const text = JSON.stringify([element, stream]);
      assert.ok(session.key.startsWith('ek_') && !text.includes(session.key), 'no event holds the key');
      assert.ok(!/Trondheim|celsius/.test(text), 'nor the arguments or the answer');
    });
  });
}
