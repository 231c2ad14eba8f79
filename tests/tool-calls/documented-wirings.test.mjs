// The documented wirings (node:http, express 4, express with a mounted router, Fastify through
// @fastify/middie), each run as its own process, against hostile requests sent byte for byte.
// Whatever a wiring's router delivers to a tool handler must carry a validated call (the handler
// reports `x-reached: <tool>;validated=1`), and no request may end the process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { rawRequest, abortedUpload, startWiring } from '../support/raw-http.mjs';

const wiringFile = (name) => fileURLToPath(new URL(`./wirings/${name}.mjs`, import.meta.url));
const json = (value) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });

/** Each class of attack: requests that must be refused (4xx) or, where `refused` is false, at most reach a handler validated. */
const ATTACKS = {
  'request targets new URL() rejects (//[/x, //a:99999/, http://a:99999/, %zz) get a 4xx': [
    ['GET', '//[/x'], ['GET', '//a:99999/'], ['GET', 'http://a:99999/api/get_weather?city=x'], ['GET', 'http://[::1/api/get_weather?city=x'],
    ['GET', 'http:///api/get_weather?city=x'], ['GET', '/%'], ['GET', '/api/files/%zz'], ['GET', '/api/files/%E0%A4%A'], ['GET', '//'],
    ['GET', '/api/get_weather?city=x#frag'], ['POST', '//[/x', json({})],
  ],
  'spellings a router delivers to a tool (/api/GET_WEATHER, /get_weather/, //, get%5Fweather, absolute-form) are validated': [
    ['GET', '/api/GET_WEATHER?days=3'], ['GET', '/API/Get_Weather?days=3'], ['GET', '/api/get_weather/?days=3'], ['GET', '/api/get_weather//?days=3'],
    ['GET', '/api//get_weather?days=3'], ['GET', '/api/get%5Fweather?days=3'], ['GET', 'http://127.0.0.1/api/get_weather?days=3'],
    ['GET', 'HTTP://h/API/get_weather/?days=3'], ['GET', '/api/GET_WEATHER/?city=x&admin=1'],
  ],
  'HEAD /api/get_weather with invalid arguments is validated like GET': [
    ['HEAD', '/api/get_weather?days=3'], ['HEAD', '/api/GET_WEATHER/?days=x'], ['HEAD', '/api/get_weather?city=x&admin=1'],
  ],
  'dot segments, raw or percent-encoded (/files/.., /files/%2e%2e, ..%2F, %C0%AE), are refused': [
    ['GET', '/api/files/..'], ['GET', '/api/files/%2e%2e'], ['GET', '/api/files/%2E.'], ['GET', '/api/files/.%2E'], ['GET', '/api/files/.'],
    ['GET', '/api/files/..%2F..%2Fetc'], ['GET', '/api/files/%2e%2e%5Cwin'], ['GET', '/api/files/%c0%ae%c0%ae'], ['GET', '/api/x/../files/a'],
    ['GET', '/api/./get_weather?city=x'], ['GET', '/api/%2e/get_weather?city=x'], ['GET', '/api/files/..;x'],
    ['POST', '/api/restaurants/%2e%2e/bookings', json({ people: 2 })], ['POST', '/api/restaurants/../bookings', json({ people: 2 })],
  ],
  'a ";" after a tool path, or a backslash in it, is refused': [
    ['GET', '/api/get_weather;city=x'], ['GET', '/api/get_weather;?city=x'], ['GET', '/api/files/a;id=b'], ['GET', '/api\\get_weather?city=x'],
  ],
  'methods a tool does not serve (PUT /get_weather, GET on a POST tool) never reach its handler': [
    ['PUT', '/api/get_weather?city=x', json({})], ['DELETE', '/api/files/a'], ['POST', '/api/get_weather?city=x', json({ city: 'x' })],
    ['GET', '/api/restaurants/x/bookings'], ['PATCH', '/api/restaurants/x/bookings', json({ people: 2 })],
  ],
  'queries read differently by qs and the core (repeats, a[b]=c, non-UTF-8, bad escapes) are refused': [
    ['GET', '/api/get_weather?city=x&city=y'], ['GET', '/api/get_weather?city[admin]=1'], ['GET', '/api/get_weather?city[]=x'],
    ['GET', '/api/get_weather?city=x&days[]=1'], ['GET', '/api/get_weather?city=%FF'], ['GET', '/api/get_weather?city=%zz'],
    ['GET', '/api/get_weather?city=x&__proto__[days]=1'], ['GET', '/api/get_weather?city=' + 'x'.repeat(41)],
  ],
  'arguments in a channel the tool does not read (a GET body, a POST query, a body member shadowing the path) are refused': [
    ['GET', '/api/get_weather?city=x', json({ city: '../../etc' })],
    ['POST', '/api/restaurants/x/bookings?admin=1', json({ people: 2 })],
    ['POST', '/api/restaurants/x/bookings', json({ people: 2, restaurant: ['not', 'a', 'string'] })],
  ],
  'POST bodies that are invalid, too large or not JSON are refused': [
    ['POST', '/api/restaurants/x/bookings', json({ people: 'two' })], ['POST', '/api/RESTAURANTS/x/Bookings/', json({ people: 99 })],
    ['POST', '/api/restaurants/x/bookings', { headers: { 'Content-Type': 'application/json' }, body: '{"people":2' }],
    ['POST', '/api/restaurants/x/bookings', { headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024), mayReset: true }],
    ['POST', '/api/restaurants/x/bookings', { headers: { 'Content-Type': 'application/json' }, body: '{"people":2,"pad":"' + 'x'.repeat(1024 * 1024) + '"}', mayReset: true }],
    ['POST', '/api/restaurants/x/bookings', { headers: { 'Content-Type': 'application/json' }, chunks: ['{"people":', '"two"}'] }],
  ],
  // A body parser in front (Fastify's) keeps the last of two keys and replaces bad UTF-8: then the
  // handler is given what was validated, which is all this class asks.
  'POST bodies with duplicate keys or bytes that are not UTF-8 reach no handler unvalidated': [
    ['POST', '/api/restaurants/x/bookings', { headers: { 'Content-Type': 'application/json' }, body: '{"people":2,"people":3}' }, false],
    ['POST', '/api/restaurants/x/bookings', { headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"people":2,"note":"\xff"}', 'latin1') }, false],
  ],
};

/** Valid calls: each must reach its handler with the validated call, agreeing with what the framework parsed. */
const VALID = [
  ['GET', '/api/get_weather?city=S%C3%A3o+Paulo&days=3', 'get_weather', { city: 'São Paulo', days: 3 }],
  ['HEAD', '/api/get_weather?city=Paris', 'get_weather', null],
  ['GET', '/api/files/%252e%252e', 'read_file', { id: '%2e%2e' }],
  ['POST', '/api/restaurants/Chez%20Nous/bookings', 'book', { restaurant: 'Chez Nous', people: 2 }, json({ people: 2 })],
  ['POST', '/api/restaurants/x/bookings', 'book', { restaurant: 'x', people: 4 }, { headers: { 'Content-Type': 'application/json' }, chunks: ['{"peo', 'ple":4}'] }],
];

/** The no-bypass rule, and agreement between the validated call and the framework's own parse. */
function assertNoBypass(r, what) {
  const mark = r.headers['x-reached'];
  if (mark === undefined) return false;
  assert.match(mark, /;validated=1$/, `${what} reached a tool handler unvalidated: ${r.text.slice(0, 300)}`);
  if (!r.json) return true; // HEAD
  const { reached, toolCall, framework } = r.json;
  assert.equal(toolCall.name, reached, what);
  for (const [name, value] of Object.entries(framework?.params ?? {})) {
    assert.equal(String(toolCall.arguments[name]).toLowerCase(), String(value).toLowerCase(), `${what}: the handler's req.params.${name}`);
  }
  if (framework?.query && Object.keys(framework.query).length > 0 && reached !== 'book') {
    for (const [name, value] of Object.entries(framework.query)) assert.equal(String(toolCall.arguments[name]), String(value), `${what}: query ${name}`);
  }
  if (framework?.body && typeof framework.body === 'object') {
    for (const [name, value] of Object.entries(framework.body)) assert.deepEqual(toolCall.arguments[name], value, `${what}: body ${name}`);
  }
  return true;
}

async function send(port, [method, target, init = {}]) {
  return rawRequest(port, { method, target, ...init });
}

const WIRINGS = [
  ['node:http', 'node-http', {}],
  ['express 4 (express.json() after the middleware)', 'express', {}],
  ['express 4 (the middleware in a router mounted at /api)', 'express', { WIRING_MOUNT: 'router' }],
  ['Fastify + @fastify/middie (hook: preValidation)', 'fastify', {}],
];

let up;
before(async () => {
  up = await startRestStandIn();
});
after(() => up.close());
const env = () => ({ OPENAI_API_KEY: TEST_MASTER_KEY, OPENAI_BASE_URL: up.baseURL });

for (const [title, file, extra] of WIRINGS) {
  describe(`${title}: hostile requests`, { timeout: 20_000 }, () => {
    let w;
    before(async () => {
      w = await startWiring(wiringFile(file), { ...env(), ...extra });
    });
    after(() => w?.stop());

    const stillUp = async () => {
      assert.ok(w.alive(), `the process ended: ${w.output().slice(-2000)}`);
      const r = await send(w.port, ['GET', '/api/get_weather?city=Paris']);
      assert.equal(r.status, 200, r.text);
      assert.ok(assertNoBypass(r, 'a valid call afterwards'));
    };

    for (const [name, requests] of Object.entries(ATTACKS)) {
      it(`${name}, and the server stays up`, async () => {
        for (const request of requests) {
          const [method, target, , refused = true] = request;
          const what = `${method} ${JSON.stringify(target.slice(0, 80))}`;
          const r = await send(w.port, request);
          const reached = assertNoBypass(r, what);
          if (refused) {
            assert.ok(!reached && (r.reset || (r.status >= 400 && r.status < 500)), `${what} answered ${r.status} ${r.text.slice(0, 200)}`);
          }
        }
        await stillUp();
      });
    }

    it('an upload that disconnects mid-body is dropped quietly, and the server stays up', async () => {
      for (let i = 0; i < 3; i++) await abortedUpload(w.port, '/api/restaurants/x/bookings');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await stillUp();
      assert.doesNotMatch(w.output(), /Unhandled|ERR_STREAM|unhandledRejection/);
    });

    it('valid calls (GET, HEAD, a path value, POST, chunked POST) reach the handler validated', async () => {
      for (const [method, target, tool, args, init] of VALID) {
        const r = await send(w.port, [method, target, init]);
        assert.equal(r.status, 200, `${method} ${target}: ${r.text}`);
        assert.ok(assertNoBypass(r, `${method} ${target}`));
        assert.match(r.headers['x-reached'], new RegExp(`^${tool};`));
        if (args) assert.deepEqual(r.json.toolCall.arguments, args);
      }
    });

    it('the key endpoint answers next to the tool middleware, hostile targets included', async () => {
      const ok = await send(w.port, ['GET', '/ephemeral-key', { headers: { 'X-Requested-With': 'fetch', Origin: 'https://app.example.com' } }]);
      assert.equal(ok.status, 200, ok.text);
      assert.match(ok.json.value, /^ek_/);
      const pre = await send(w.port, ['OPTIONS', '/ephemeral-key', { headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } }]);
      assert.equal(pre.status, 204);
      for (const target of ['//[/x', '/ephemeral-key/..', '/ephemeral-key/%2e%2e']) {
        const r = await send(w.port, ['GET', target, { headers: { 'X-Requested-With': 'fetch' } }]);
        assert.ok(r.status >= 400 && r.status < 500, `${target}: ${r.status}`);
      }
      await stillUp();
    });
  });
}

describe('Fastify with middie\'s default hook (onRequest): the set-up fails with a clear message', { timeout: 20_000 }, () => {
  it('a valid POST gets a 500 naming the fix instead of hanging; GET tools are still validated', async () => {
    const w = await startWiring(wiringFile('fastify'), { ...env(), WIRING_HOOK: 'onRequest' });
    try {
      const post = await send(w.port, ['POST', '/api/restaurants/x/bookings', json({ people: 2 })]);
      assert.equal(post.status, 500);
      assert.match(post.json.error.message, /hook: 'preValidation'/);
      assert.match(w.output(), /REALTIME_COMPANION_WIRING|hook: 'preValidation'/);
      assert.equal((await send(w.port, ['GET', '/api/get_weather?days=3'])).status, 400);
      const get = await send(w.port, ['GET', '/api/get_weather?city=x']);
      assert.equal(get.status, 200);
      assert.ok(assertNoBypass(get, 'GET'));
      assert.ok(w.alive());
    } finally {
      await w.stop();
    }
  });
});

it('docs/server.md shows the tested wirings, line for line', async () => {
  const doc = await readFile(new URL('../../docs/server.md', import.meta.url), 'utf8');
  for (const file of ['node-http', 'express', 'fastify', 'fastify-unified']) {
    const source = await readFile(wiringFile(file), 'utf8');
    const region = /\/\/ README:begin [\w-]+\n([\s\S]*?)\n\s*\/\/ README:end/.exec(source)[1];
    const lines = region.split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
    const code = lines.map((l) => l.slice(indent)).join('\n');
    assert.ok(doc.includes(code), `docs/server.md lacks the ${file} wiring of tests/tool-calls/wirings/${file}.mjs:\n${code}`);
  }
});
