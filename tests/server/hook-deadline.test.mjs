// Every function of the site's that a request waits on has a deadline (`hookTimeoutMs`): an
// `authorize` that never settles, a rate-limit store whose `take` never settles, a `fetch` that
// ignores its abort signal. Each request is still answered and recorded, on both handlers, and
// whatever the hook does after its deadline changes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createEphemeralKeyHandler, createRealtimeCallHandler, REFUSALS } from '../../server/index.js';
import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { request, PAGE, GOOD } from '../support/server-helpers.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise(() => {});

let up;
before(async () => {
  up = await startRestStandIn();
});
after(() => up.close());

const HANDLERS = {
  key: { create: createEphemeralKeyHandler, init: { headers: GOOD } },
  call: {
    create: createRealtimeCallHandler,
    init: { method: 'POST', headers: { ...GOOD, origin: PAGE, 'content-type': 'application/sdp' }, body: 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n' },
  },
};

/** Serves `kind`'s handler with `options`; `fn({ ask, audit })`. */
async function serve(kind, options, fn) {
  const audit = [];
  const handler = HANDLERS[kind].create({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, allowedOrigins: [PAGE], audit: (r) => audit.push(r), ...options });
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    await fn({ ask: () => request(url, HANDLERS[kind].init), audit });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('an authorize that never settles', { timeout: 30_000 }, () => {
  for (const kind of ['key', 'call']) {
    it(`${kind} handler: answered 503 authorize_timeout within hookTimeoutMs, with an audit record, nothing asked of OpenAI`, async () => {
      const before = up.requests.length;
      await serve(kind, { authorize: never, hookTimeoutMs: 150 }, async ({ ask, audit }) => {
        const t0 = Date.now();
        const r = await ask();
        const took = Date.now() - t0;
        assert.equal(r.status, 503);
        assert.equal(r.json.error.code, 'authorize_timeout');
        assert.equal(r.json.error.message, REFUSALS.authorize_timeout.message);
        assert.ok(took >= 140 && took < 1500, `answered after ${took} ms`);
        assert.equal(audit.length, 1);
        assert.equal(audit[0].reason, 'authorize_timeout');
        assert.equal(audit[0].event, 'refused');
        assert.equal(audit[0].status, 503);
        assert.equal(audit[0].client_id, null);
        assert.equal(audit[0].detail, 'authorize did not settle within 150 ms');
      });
      assert.equal(up.requests.length, before);
    });
  }

  it('an authorize that settles after its deadline changes nothing (no key, no second record, no unhandled rejection)', async () => {
    const before = up.requests.length;
    let late = 0;
    const authorize = async () => {
      await sleep(200);
      late++;
      return late === 1 ? 'alice' : Promise.reject(new Error('late failure'));
    };
    await serve('key', { authorize, hookTimeoutMs: 50 }, async ({ ask, audit }) => {
      assert.equal((await ask()).status, 503);
      assert.equal((await ask()).status, 503);
      await sleep(300);
      assert.equal(late, 2, 'both hooks did settle, late');
      assert.deepEqual(audit.map((r) => r.reason), ['authorize_timeout', 'authorize_timeout']);
    });
    assert.equal(up.requests.length, before, 'no key was minted for the late yes');
  });

  it('a quick authorize is unaffected; a throwing one is still authorize_failed', async () => {
    await serve('key', { authorize: async () => 'bob', hookTimeoutMs: 1000 }, async ({ ask }) => {
      assert.equal((await ask()).status, 200);
    });
    await serve('key', { authorize: () => { throw new Error('x'); }, hookTimeoutMs: 1000 }, async ({ ask }) => {
      assert.equal((await ask()).json.error.code, 'authorize_failed');
    });
  });
});

describe('other hooks with a deadline', { timeout: 30_000 }, () => {
  for (const kind of ['key', 'call']) {
    it(`${kind} handler: a rate-limit store whose take never settles → 503 rate_limit_unavailable, recorded with why`, async () => {
      await serve(kind, { rateLimit: { store: { take: never } }, hookTimeoutMs: 100 }, async ({ ask, audit }) => {
        const r = await ask();
        assert.equal(r.status, 503);
        assert.equal(r.json.error.code, 'rate_limit_unavailable');
        assert.equal(r.headers['retry-after'], '1');
        assert.equal(audit[0].detail, 'the rate-limit store did not answer within 100 ms');
      });
    });
  }

  it('a store that answers no decision, or rejects, fails closed without copying its error', async () => {
    for (const take of [async () => undefined, async () => ({ allowed: 'yes' }), async () => { throw new Error('secret-ish text'); }]) {
      await serve('key', { rateLimit: { store: { take } } }, async ({ ask, audit }) => {
        assert.equal((await ask()).status, 503);
        assert.ok(['the rate-limit store answered no decision', 'the rate-limit store failed'].includes(audit[0].detail), audit[0].detail);
      });
    }
  });

  it('a fetch that ignores its abort signal → 504 upstream_timeout soon after timeoutMs (key and call handlers)', async () => {
    for (const kind of ['key', 'call']) {
      await serve(kind, { fetch: never, timeoutMs: 100 }, async ({ ask, audit }) => {
        const t0 = Date.now();
        const r = await ask();
        assert.equal(r.status, 504);
        assert.equal(r.json.error.code, 'upstream_timeout');
        assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
        assert.match(audit[0].detail, /^no answer within 100 ms, and the fetch did not stop when aborted$/);
      });
    }
  });

  it('hookTimeoutMs is validated at creation', () => {
    for (const bad of [0, -1, Number.NaN, '5000', 2 ** 31, Infinity]) {
      for (const create of [createEphemeralKeyHandler, createRealtimeCallHandler]) {
        assert.throws(() => create({ apiKey: TEST_MASTER_KEY, allowedOrigins: [PAGE], hookTimeoutMs: bad }), /`hookTimeoutMs` must be/, String(bad));
      }
    }
    assert.doesNotThrow(() => createEphemeralKeyHandler({ apiKey: TEST_MASTER_KEY, allowedOrigins: [PAGE], hookTimeoutMs: 250 }));
  });
});
