// Every server options object refuses names it does not know, with the nearest known name, when
// the server boots: a `baseUrl` given for `baseURL` would otherwise be ignored and the server would
// go to api.openai.com. The known names are the documented ones (server/index.d.ts), both ways.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import {
  createEphemeralKeyHandler, createRealtimeCallHandler, createToolMiddleware, compileToolSet, createToolSetHandler,
  createMemoryRateLimitStore, createRedisRateLimitStore,
} from '../../server/index.js';
import { SUPERVISE_DEFAULTS } from '../../server/supervision/options.js';
import { COMMON_OPTION_NAMES, DEFAULTS } from '../../server/options.js';
import { documentedInlineNames, documentedNames } from '../support/documented-options.mjs';

const dts = await readFile(new URL('../../server/index.d.ts', import.meta.url), 'utf8');
const REQUIRED = { apiKey: 'sk-test-unknown-options', allowedOrigins: ['https://app.example.test'], audit: () => {} };
const TOOLS = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];

const FACTORIES = [
  ['createEphemeralKeyHandler', createEphemeralKeyHandler, 'EphemeralKeyHandlerOptions'],
  ['createRealtimeCallHandler', createRealtimeCallHandler, 'RealtimeCallHandlerOptions'],
];

describe('the key and call handlers', () => {
  for (const [name, factory, documented] of FACTORIES) {
    test(`${name} refuses a typo at creation with the name it meant, never its value`, () => {
      for (const [typo, meant] of [['baseUrl', 'baseURL'], ['allowedOrigin', 'allowedOrigins'], ['apikey', 'apiKey'], ['timeOutMs', 'timeoutMs'], ['instruction', 'instructions']]) {
        assert.throws(() => factory({ ...REQUIRED, [typo]: 'https://secret.example/v1' }), (error) => {
          assert.ok(error instanceof TypeError);
          assert.equal(error.message, `${name}: unknown option \`${typo}\`: did you mean \`${meant}\`?`);
          return true;
        });
      }
      assert.throws(() => factory({ ...REQUIRED, colour: 'red' }), /unknown option `colour` \(known: apiKey, /);
      assert.throws(() => factory({ ...REQUIRED, rateLimit: { perMin: 6 } }), new RegExp(`^TypeError: ${name}: \`rateLimit\`: unknown option \`perMin\`: did you mean \`perMinute\`\\?$`));
    });

    test(`${name} accepts every documented option`, () => {
      const names = documentedNames(dts, documented);
      assert.ok(names.includes('baseURL') && names.includes('allowedOrigins'), names.join());
      for (const option of names) {
        const handler = factory({ [option]: undefined, ...REQUIRED });
        handler.close?.();
      }
      const handler = factory({ ...REQUIRED, rateLimit: { perMinute: 6, burst: 3, store: undefined } });
      handler.close?.();
    });
  }

  test('the names the handlers read are the documented ones, both ways', () => {
    assert.deepEqual([...COMMON_OPTION_NAMES].sort(), documentedNames(dts, 'RealtimeServerOptions').sort());
    assert.deepEqual(
      documentedNames(dts, 'EphemeralKeyHandlerOptions').filter((n) => !COMMON_OPTION_NAMES.includes(n)).sort(),
      Object.keys(DEFAULTS).filter((n) => !COMMON_OPTION_NAMES.includes(n)).sort(),
    );
  });

  test("createRealtimeCallHandler still explains the key handler's options and checks supervise itself", () => {
    assert.throws(() => createRealtimeCallHandler({ ...REQUIRED, methods: ['POST'] }), /`methods` does not apply to WebRTC offers/);
    assert.throws(() => createEphemeralKeyHandler({ ...REQUIRED, supervise: false }), /unknown option `supervise`/);
    assert.throws(() => createRealtimeCallHandler({ ...REQUIRED, supervize: false }), /unknown option `supervize`: did you mean `supervise`\?/);
  });
});

describe('the tool middleware and tool sets', () => {
  test('createToolMiddleware refuses a typo and accepts every documented option', async () => {
    await assert.rejects(createToolMiddleware(TOOLS, { basepath: '/api' }),
      { name: 'CompanionConfigError', message: 'realtime-companion: createToolMiddleware: unknown option `basepath`: did you mean `basePath`?' });
    const names = documentedNames(dts, 'ToolMiddlewareOptions');
    assert.ok(names.includes('basePath'), names.join());
    for (const option of names) await createToolMiddleware(TOOLS, { [option]: undefined });
  });

  test('compileToolSet and createToolSetHandler refuse a typo and accept every documented option', async () => {
    await assert.rejects(compileToolSet(TOOLS, { wasmm: undefined }), /compileToolSet: unknown option `wasmm`: did you mean `wasm`\?/);
    assert.throws(() => createToolSetHandler(TOOLS, { Path: '/t.rct' }), /createToolSetHandler: unknown option `Path`: did you mean `path`\?/);
    for (const option of documentedInlineNames(dts, 'compileToolSet')) await compileToolSet(TOOLS, { [option]: undefined });
    const names = documentedInlineNames(dts, 'createToolSetHandler');
    assert.ok(names.includes('path'), names.join());
    for (const option of names) await createToolSetHandler(TOOLS, { [option]: undefined }).ready;
  });
});

describe('supervision, budget and the rate-limit stores', () => {
  test('supervise, supervise.budget and both stores refuse a typo with the name it meant, and accept every documented one', () => {
    const call = (supervise) => () => createRealtimeCallHandler({ ...REQUIRED, supervise });
    assert.throws(call({ idleSecond: 30 }), /^TypeError: createRealtimeCallHandler: `supervise`: unknown option `idleSecond`: did you mean `idleSeconds`\?$/);
    assert.throws(call({ maxcallseconds: 30 }), /did you mean `maxCallSeconds`\?/);
    assert.throws(call({ budget: { token: 10, periodSeconds: 60 } }), /`supervise.budget`: unknown option `token`: did you mean `tokens`\?/);
    for (const option of documentedNames(dts, 'SuperviseOptions')) assert.ok(Object.hasOwn(SUPERVISE_DEFAULTS, option), option);
    assert.throws(() => createMemoryRateLimitStore({ maxBucket: 5 }), /^TypeError: createMemoryRateLimitStore: unknown option `maxBucket`: did you mean `maxBuckets`\?$/);
    assert.throws(() => createRedisRateLimitStore({ URL: 'redis://127.0.0.1:1' }), /createRedisRateLimitStore: unknown option `URL`: did you mean `url`\?/);
    assert.throws(() => createRedisRateLimitStore({ url: 'redis://127.0.0.1:1', timeout: 5 }), /did you mean `timeoutMs`\?/);
    assert.equal(typeof createMemoryRateLimitStore({ maxBuckets: 5 }).take, 'function');
  });
});
