// attachToDeepChat's refusals and detach(), on fresh <deep-chat> elements in the demo page.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { openDemo } from '../support/demo-session.mjs';

describe('attachToDeepChat options', { timeout: 60_000 }, () => {
  let s;
  before(async () => {
    s = await openDemo();
  });
  after(async () => {
    await s?.close();
  });

  /** Runs `attachToDeepChat` on a new element set up by `prepare`; returns the error or 'attached'. */
  const attempt = (prepare) => s.page.evaluate(async (source) => {
    const { attachToDeepChat } = await import('/web/attach.js');
    const chat = document.createElement('deep-chat');
    document.body.append(chat);
    const options = { companion: window.companion, fetchEphemeralKey: async () => 'ek_x' };
    try {
      new Function('chat', 'options', source)(chat, options);
      attachToDeepChat(chat, options);
      return 'attached';
    } catch (error) {
      return `${error.name}: ${error.message}`;
    } finally {
      chat.remove();
    }
  }, prepare);

  test('refuses an API key or a fixed ephemeral key in the page, and bad arguments', async () => {
    assert.equal(await attempt(''), 'attached');
    assert.match(await attempt("chat.directConnection = { openAI: { key: 'sk-abc' } };"), /^CompanionConfigError: .*directConnection\.openAI\.key/);
    assert.match(await attempt("chat.directConnection = { openAI: { realtime: { ephemeralKey: 'ek_fixed' } } };"), /^CompanionConfigError: .*ephemeralKey/);
    assert.match(await attempt('delete options.fetchEphemeralKey;'), /^CompanionConfigError: .*fetchEphemeralKey/);
    assert.match(await attempt('options.companion = {};'), /^CompanionConfigError: .*companion/);
    const notDeepChat = await s.page.evaluate(async () => {
      const { attachToDeepChat } = await import('/web/attach.js');
      try {
        attachToDeepChat(document.createElement('div'), { companion: window.companion, fetchEphemeralKey: async () => 'ek_x' });
      } catch (error) {
        return error.name;
      }
    });
    assert.equal(notDeepChat, 'TypeError');
  });

  test('realtimeBaseURL (for tests): an http(s) base is taken, anything else and its pairing with offerEndpoint refused at attach', async () => {
    assert.equal(await attempt("options.realtimeBaseURL = 'http://127.0.0.1:9/v1';"), 'attached');
    for (const value of ["'javascript:alert(1)'", "'ws://127.0.0.1:9/v1'", '42']) {
      assert.match(await attempt(`options.realtimeBaseURL = ${value};`), /^CompanionConfigError: .*realtimeBaseURL .* is not an http\(s\) base URL/, value);
    }
    assert.match(await attempt("options.realtimeBaseURL = 'http://127.0.0.1:9/v1'; options.offerEndpoint = '/realtime/call';"),
      /^CompanionConfigError: realtime-companion: realtimeBaseURL is for the ephemeral-key path/);
  });

  test('detach gives the element its own settings back', async () => {
    const restored = await s.page.evaluate(async () => {
      const { attachToDeepChat } = await import('/web/attach.js');
      const chat = document.createElement('deep-chat');
      document.body.append(chat);
      const own = { openAI: { realtime: { avatar: { maxScale: 3 } } } };
      chat.directConnection = own;
      const attachment = attachToDeepChat(chat, { companion: window.companion, fetchEphemeralKey: async () => 'ek_x' });
      const during = typeof chat.directConnection.openAI.realtime.fetchEphemeralKey;
      attachment.detach();
      const after = chat.directConnection === own;
      chat.remove();
      return { during, after, state: attachment.state };
    });
    assert.deepEqual(restored, { during: 'function', after: true, state: 'idle' });
  });
});
