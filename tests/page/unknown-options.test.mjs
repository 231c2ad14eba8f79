// Issue 27, item 4: a page's options object refuses names it does not know, with the nearest known
// name ("did you mean"), at creation: createCompanion and attachToDeepChat. The known names are
// the documented ones (web/index.d.ts), both ways.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { nearestName, unknownOptionMessage } from '../../common/option-names.js';
import { documentedNames } from '../support/documented-options.mjs';

const dts = await readFile(new URL('../../web/index.d.ts', import.meta.url), 'utf8');
const BASE = 'http://127.0.0.1:1';

describe('the nearest known name', () => {
  test('a case-only difference, a typo and a prefix are suggested; a stranger is not', () => {
    assert.equal(nearestName('baseUrl', ['baseURL', 'model']), 'baseURL');
    assert.equal(nearestName('keyEndPoint', ['keyEndpoint', 'keys']), 'keyEndpoint');
    assert.equal(nearestName('allowedOrigin', ['allowedOrigins']), 'allowedOrigins');
    assert.equal(nearestName('expiresAfter', ['expiresAfterSeconds']), 'expiresAfterSeconds');
    assert.equal(nearestName('colour', ['baseURL', 'model']), null);
    assert.equal(nearestName('x'.repeat(65), ['x'.repeat(64)]), null);
  });

  test('the message names the option, never its value', () => {
    const message = unknownOptionMessage({ apiKy: 'sk-secret-value' }, ['apiKey']);
    assert.equal(message, 'unknown option `apiKy`: did you mean `apiKey`?');
    assert.equal(unknownOptionMessage({ colour: 'red' }, ['a', 'b']), 'unknown option `colour` (known: a, b)');
    assert.equal(unknownOptionMessage({ 'a\nb': 1 }, ['x']), 'unknown option `a\\nb` (known: x)');
    assert.equal(unknownOptionMessage({ a: 1 }, ['a']), null);
  });
});

describe('createCompanion options', () => {
  test('a typo is refused at creation with the name it meant', async () => {
    for (const [typo, meant] of [['keyEndPoint', 'keyEndpoint'], ['baseURL', 'baseUrl'], ['toolset', 'toolSet'], ['maxArgumentsBytes', 'maxArgumentBytes']]) {
      await assert.rejects(createCompanion({ baseUrl: BASE, tools: [], [typo]: '/x' }), (error) => {
        assert.ok(error instanceof CompanionConfigError);
        assert.equal(error.message, `realtime-companion: createCompanion: unknown option \`${typo}\`: did you mean \`${meant}\`?`);
        return true;
      });
    }
  });

  test('every documented option is accepted', async () => {
    const documented = documentedNames(dts, 'CompanionOptions');
    assert.ok(documented.includes('keyEndpoint') && documented.includes('toolSet'), documented.join());
    for (const name of documented) {
      const companion = await createCompanion({ [name]: undefined, baseUrl: BASE });
      companion.dispose();
    }
    await assert.rejects(createCompanion({ baseUrl: BASE, tool: [] }), /unknown option `tool`: did you mean `tools`\?/);
  });

  test('a keyEndpoint that is not a URL or a path is refused at creation, not at the first click', async () => {
    for (const keyEndpoint of [42, {}, '', '   ', 'ftp://example.com/key', 'javascript:alert(1)', null]) {
      await assert.rejects(createCompanion({ baseUrl: BASE, tools: [], keyEndpoint }), CompanionConfigError, String(keyEndpoint));
    }
    const companion = await createCompanion({ baseUrl: BASE, tools: [], keyEndpoint: new URL('/key', BASE), keys: { prefetchOnCreate: false } });
    companion.dispose();
  });

  test('keys without keyEndpoint is refused rather than ignored', async () => {
    await assert.rejects(createCompanion({ baseUrl: BASE, tools: [], keys: { prefetchOnCreate: false } }), /keys applies to keys fetched from keyEndpoint/);
  });
});

describe('attachToDeepChat options', () => {
  // Just enough of a DOM for attachToDeepChat to run in Node.
  class FakeElement {
    addEventListener() {}
    removeEventListener() {}
  }
  class FakeDeepChat extends FakeElement {
    onRender() {}
  }
  const globals = {
    HTMLElement: FakeElement,
    customElements: { get: (name) => (name === 'deep-chat' ? FakeDeepChat : undefined) },
    MutationObserver: class {
      observe() {}
      disconnect() {}
      takeRecords() {
        return [];
      }
    },
  };
  const withFakeDom = async (fn) => {
    const saved = Object.fromEntries(Object.keys(globals).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]));
    for (const [k, value] of Object.entries(globals)) Object.defineProperty(globalThis, k, { value, configurable: true, writable: true });
    try {
      return await fn();
    } finally {
      for (const [k, d] of Object.entries(saved)) {
        if (d) Object.defineProperty(globalThis, k, d);
        else delete globalThis[k];
      }
    }
  };
  const companion = { tools: [], functionHandler: async () => ({}) };
  const attach = async (options) => withFakeDom(async () => {
    const { attachToDeepChat } = await import('../../web/attach.js');
    return attachToDeepChat(new FakeDeepChat(), options);
  });

  test('a typo is refused with the name it meant, before any other complaint', async () => {
    await assert.rejects(attach({ companion, offerEndPoint: '/realtime/call' }), (error) => {
      assert.ok(error instanceof CompanionConfigError);
      assert.equal(error.message, 'realtime-companion: attachToDeepChat: unknown option `offerEndPoint`: did you mean `offerEndpoint`?');
      return true;
    });
    await assert.rejects(attach({ companion, fetchEphemeralKey: async () => 'ek_x', keyEndpoint: '/key' }), /unknown option `keyEndpoint` \(known: companion, /);
    await assert.rejects(attach({ companion, fetchEphemeralKey: async () => 'ek_x', onEvents() {} }), /did you mean `onEvent`\?/);
    await assert.rejects(attach({ companion, fetchEphemeralKey: async () => 'ek_x', now: 5 }), /now must be a function/);
  });

  test('every documented option is accepted', async () => {
    const documented = documentedNames(dts, 'AttachOptions');
    assert.ok(documented.includes('offerEndpoint') && documented.includes('onEvent'), documented.join());
    const values = { companion, fetchEphemeralKey: async () => 'ek_x', offerEndpoint: 'http://127.0.0.1:1/realtime/call', deepChatApi: 'ga', onEvent() {}, now: () => 0 };
    const attachment = await attach(Object.fromEntries(documented.map((name) => [name, values[name]])));
    assert.equal(attachment.state, 'idle');
    attachment.detach();
  });
});
