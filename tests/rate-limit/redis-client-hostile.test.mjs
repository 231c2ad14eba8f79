// The built-in Redis client against a Redis that misbehaves (a fake RESP server on 127.0.0.1):
// half-open, a 1 GB bulk header, a lost or doubled reply, garbage; each time the request that saw
// it fails closed, the connection is replaced, and no request ever gets another request's answer.
// Also AUTH as the server sees it, a refused AUTH reported once, TCP keepalive on the socket.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRedisRateLimitStore } from '../../server/index.js';
import { RedisUnavailableError } from '../../server/resp-client.js';
import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { startFakeRedis, answerFor, normalReply } from '../support/fake-redis.mjs';
import { startHandler, request, hasCommand, GOOD } from '../support/server-helpers.mjs';

const LIMIT = { perMinute: 6, burst: 3 };
const PREFIX = 'rl:';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn(fake, store)` with a fresh fake and a store on it; closes both. */
async function withFake({ behave, timeoutMs = 2000, url } = {}, fn) {
  const fake = await startFakeRedis({ behave });
  const store = createRedisRateLimitStore({ url: url?.(fake) ?? fake.url, prefix: PREFIX, timeoutMs });
  try {
    await fn(fake, store);
  } finally {
    store.close();
    await fake.close();
  }
}

/** Takes `count` tokens at once for clients c<from>…; each outcome with the answer it should be. */
async function takeMany(store, from, count) {
  const ids = Array.from({ length: count }, (_, i) => from + i);
  const outcomes = await Promise.allSettled(ids.map((i) => store.take(`c${i}`, LIMIT, 0)));
  return outcomes.map((o, k) => ({ ...o, expected: answerFor(`c${ids[k]}`) }));
}

/** Every answer given is the asker's own; every failure is a RedisUnavailableError. */
function assertOwnAnswers(outcomes) {
  for (const o of outcomes) {
    if (o.status === 'fulfilled') assert.deepEqual(o.value, o.expected);
    else assert.ok(o.reason instanceof RedisUnavailableError, String(o.reason));
  }
  return outcomes.filter((o) => o.status === 'fulfilled').length;
}

describe('a Redis that stops answering, or answers what cannot be a reply: the connection is replaced', { timeout: 30_000 }, () => {
  it('half-open (accepts, never answers): the take fails at its timeout, the next one goes over a new connection', async () => {
    await withFake({ behave: (cmd, { conn }) => (conn === 0 ? null : undefined), timeoutMs: 200 }, async (fake, store) => {
      const t0 = Date.now();
      await assert.rejects(store.take('c1', LIMIT, 0), (err) => err instanceof RedisUnavailableError && err.detail === 'no redis reply within 200 ms');
      assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
      assert.deepEqual(await store.take('c2', LIMIT, 0), answerFor('c2'));
      assert.equal(fake.sockets.length, 2);
      assert.ok(fake.named('EVALSHA').every((c) => c.conn === 1), 'nothing more was sent on the silent connection');
      await sleep(50);
      assert.ok(fake.sockets[0].destroyed, 'the silent connection was closed');
    });
  });

  it('a decision whose first command took time still names its own timeout, not the time that was left', async () => {
    // TIME is answered 60 ms late, then EVALSHA never: the wait for EVALSHA is what is left of the
    // 200 ms, and the detail a person reads must still be the timeout they set.
    let timeAnswered = 0; // TIME and the ECHO that follows it, each answered late, in order
    const behave = (cmd, { conn, socket }) => {
      if (conn !== 0) return undefined;
      if (timeAnswered < 2 && (cmd[0] === 'TIME' || cmd[0] === 'ECHO')) {
        timeAnswered++;
        setTimeout(() => socket.destroyed || socket.write(normalReply(cmd)), 60);
        return null;
      }
      return cmd[0] === 'EVALSHA' || cmd[0] === 'ECHO' ? null : undefined;
    };
    await withFake({ behave, timeoutMs: 200 }, async (fake, store) => {
      const t0 = Date.now();
      await assert.rejects(store.take('c1', LIMIT, 0), (err) => err instanceof RedisUnavailableError && err.detail === 'no redis reply within 200 ms');
      assert.ok(Date.now() - t0 >= 190, `the decision as a whole had its 200 ms: ${Date.now() - t0} ms`);
    });
  });

  for (const [name, reply, detail] of [
    ['a bulk header claiming 1 GB ($1073741824)', '$1073741824\r\nxxxx', /^redis reply malformed: bulk length 1073741824 exceeds 65536$/],
    ['an array header claiming 2^31 items', '*2147483648\r\n', /^redis reply malformed: array length 2147483648 exceeds 1024$/],
    ['a simple string that never ends (300 KB, no CRLF)', `+${'a'.repeat(300_000)}`, /^redis reply malformed: more than 262144 bytes without a complete reply$/],
    ['an HTTP answer (bytes that are no RESP type)', 'HTTP/1.1 400 Bad Request\r\n\r\n', /^redis reply malformed: type byte 0x48$/],
    ['an integer that is not one', ':12abc\r\n', /^redis reply malformed: integer is not a number$/],
    ['a bulk string not ended by CRLF', '$3\r\nabcXY', /^redis reply malformed: bulk not ended by CRLF$/],
    ['a length header that never ends', `$${'9'.repeat(40)}`, /^redis reply malformed: header line too long$/],
    ['arrays nested 6 deep', '*1\r\n'.repeat(6), /^redis reply malformed: arrays nested too deep$/],
    ['a protocol error, then the server closes', '-ERR Protocol error: invalid multibulk length\r\n', /^redis closed the connection$/],
  ]) {
    it(`${name}: refused at once, the connection replaced, the next take answered`, async () => {
      let broke = false;
      const behave = (cmd, { conn, socket }) => {
        if (conn !== 0) return undefined;
        if (broke) return null; // nothing more on a connection that went wrong
        if (cmd[0] !== 'EVALSHA') return undefined;
        broke = true;
        if (!reply.startsWith('-ERR Protocol')) return reply;
        socket.end(reply); // as Redis does: one error, then it hangs up
        return null;
      };
      await withFake({ behave, timeoutMs: 5000 }, async (fake, store) => {
        const t0 = Date.now();
        await assert.rejects(store.take('c1', LIMIT, 0), (err) => err instanceof RedisUnavailableError && detail.test(err.detail));
        assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms: found by reading, not by the timeout`);
        assert.deepEqual(await store.take('c4', LIMIT, 0), answerFor('c4'));
        assert.equal(fake.sockets.length, 2);
      });
    });
  }

  it('the 503 through the handler names the cause in the audit record, and the next request is served', async () => {
    const up = await startRestStandIn();
    try {
      await withFake({ behave: (cmd, { conn }) => (conn === 0 ? null : undefined), timeoutMs: 200 }, async (fake, store) => {
        const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, authorize: () => 'c2', rateLimit: { ...LIMIT, store } });
        try {
          const first = await request(h.url, { headers: GOOD });
          assert.equal(first.status, 503);
          assert.equal(first.json.error.code, 'rate_limit_unavailable');
          assert.equal(h.audit[0].reason, 'rate_limit_unavailable');
          assert.equal(h.audit[0].detail, 'no redis reply within 200 ms');
          assert.equal((await request(h.url, { headers: GOOD })).status, 200);
        } finally {
          await h.close();
        }
      });
    } finally {
      await up.close();
    }
  });
});

describe('a lost, doubled or extra reply never shifts later replies (200 concurrent takes)', { timeout: 30_000 }, () => {
  for (const [name, which, broken] of [
    ['the reply to one EVALSHA is lost', 'EVALSHA', () => null],
    ['the reply to one ECHO is lost', 'ECHO', () => null],
    ['one reply is sent twice', 'EVALSHA', (cmd) => normalReply(cmd).repeat(2)],
    ['an extra reply slips in before one', 'EVALSHA', (cmd) => `:1\r\n${normalReply(cmd)}`],
  ]) {
    it(`${name}: the takes before it get their own answers, the rest fail closed, the next batch is whole`, async () => {
      let armed = false;
      let evals = 0;
      let due = false;
      const behave = (cmd) => {
        if (!armed) return undefined;
        if (cmd[0] === 'EVALSHA' && ++evals === 50) due = true; // the 50th take: its EVALSHA or the ECHO after it
        if (!due || cmd[0] !== which) return undefined;
        due = false;
        armed = false;
        return broken(cmd);
      };
      await withFake({ behave, timeoutMs: 5000 }, async (fake, store) => {
        await store.take('c0', LIMIT, 0); // learns Redis' clock: no TIME in the batches
        armed = true;
        const t0 = Date.now();
        const batch = await takeMany(store, 1, 200);
        const answered = assertOwnAnswers(batch);
        assert.equal(answered, 49, 'exactly the takes before the broken reply were answered');
        assert.ok(batch.slice(49).every((o) => o.status === 'rejected' && o.reason.detail === 'redis replies out of step with requests'));
        assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms: found by pairing, not by the timeout`);
        const next = await takeMany(store, 1000, 200);
        assert.equal(assertOwnAnswers(next), 200, 'the next batch, over a new connection, is answered whole');
        assert.equal(fake.sockets.length, 2);
      });
    });
  }
});

describe('AUTH as the server sees it', { timeout: 30_000 }, () => {
  it('redis://user:password@ sends AUTH user password (ACL), /3 sends SELECT 3, before any command', async () => {
    await withFake({ url: (f) => `redis://alice:s%3Acr%40t@127.0.0.1:${f.port}/3` }, async (fake, store) => {
      await store.take('c2', LIMIT, 0);
      assert.deepEqual(fake.commands.slice(0, 2).map((c) => c.cmd), [['AUTH', 'alice', 's:cr@t'], ['SELECT', '3']]);
    });
  });

  it('redis://:password@ sends the legacy AUTH password; no password, no AUTH', async () => {
    await withFake({ url: (f) => `redis://:legacy-pw@127.0.0.1:${f.port}` }, async (fake, store) => {
      await store.take('c2', LIMIT, 0);
      assert.deepEqual(fake.commands[0].cmd, ['AUTH', 'legacy-pw']);
    });
    await withFake({}, async (fake, store) => {
      await store.take('c2', LIMIT, 0);
      assert.ok(!fake.named('AUTH').length);
    });
  });

  it('URLs the built-in client cannot honour are refused at creation', () => {
    assert.throws(() => createRedisRateLimitStore({ url: 'rediss://:pw@redis.example:6380' }), /rediss:\/\/ \(TLS\) is not supported .*`command`/);
    assert.throws(() => createRedisRateLimitStore({ url: 'redis://alice@127.0.0.1' }), /user name in `url` needs a password/);
    assert.throws(() => createRedisRateLimitStore({ url: 'redis://127.0.0.1/db?tls=1' }), /database number/);
    assert.throws(() => createRedisRateLimitStore({ url: 'http://127.0.0.1' }), /only redis:\/\//);
  });

  it('a refused AUTH is written to stderr once (never the password), named in each 503 record, and healed once AUTH works', async () => {
    const up = await startRestStandIn();
    let refuse = true;
    const behave = (cmd) => (cmd[0] === 'AUTH' && refuse ? '-WRONGPASS invalid username-password pair or user is disabled.\r\n' : undefined);
    const written = [];
    const write = process.stderr.write;
    process.stderr.write = function (chunk, ...rest) {
      written.push(String(chunk));
      return write.call(this, chunk, ...rest);
    };
    try {
      await withFake({ behave, url: (f) => `redis://alice:hunter2-secret@127.0.0.1:${f.port}` }, async (fake, store) => {
        const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, authorize: () => 'c2', rateLimit: { ...LIMIT, store } });
        try {
          const answers = [];
          for (let i = 0; i < 4; i++) answers.push(await request(h.url, { headers: GOOD }));
          assert.deepEqual(answers.map((r) => r.status), [503, 503, 503, 503]);
          assert.ok(answers.every((r) => r.json.error.code === 'rate_limit_unavailable' && !r.text.includes('WRONGPASS')));
          assert.equal(h.audit.length, 4);
          for (const r of h.audit) {
            assert.equal(r.reason, 'rate_limit_unavailable');
            assert.match(r.detail, /^redis refused AUTH \(WRONGPASS\)/);
          }
          assert.ok(fake.named('AUTH').length >= 1 && fake.named('AUTH').length <= 2, 'reconnects back off');
          refuse = false;
          let healed;
          for (let i = 0; i < 50 && healed?.status !== 200; i++) {
            await sleep(100);
            healed = await request(h.url, { headers: GOOD });
          }
          assert.equal(healed.status, 200);
          const reports = written.filter((l) => /refused AUTH/.test(l));
          assert.equal(reports.length, 1, reports.join(''));
          assert.match(reports[0], /^realtime-companion: Redis at 127\.0\.0\.1:\d+ refused AUTH for user "alice" \(WRONGPASS\); .*\n$/);
          assert.ok(!written.join('').includes('hunter2'), 'no password on stderr');
          assert.ok(!h.lines.join('').includes('hunter2'), 'no password in the audit log');
        } finally {
          await h.close();
        }
      });
    } finally {
      process.stderr.write = write;
      await up.close();
    }
  });

  it('a Redis that wants a password the URL does not give (NOAUTH) is reported once, and named', async () => {
    const written = [];
    const write = process.stderr.write;
    process.stderr.write = function (chunk, ...rest) {
      written.push(String(chunk));
      return write.call(this, chunk, ...rest);
    };
    try {
      await withFake({ behave: () => '-NOAUTH Authentication required.\r\n' }, async (fake, store) => {
        for (let i = 0; i < 3; i++) {
          await assert.rejects(store.take('c1', LIMIT, 0), (err) => /^redis answered NOAUTH/.test(err.detail));
        }
      });
    } finally {
      process.stderr.write = write;
    }
    assert.equal(written.filter((l) => /NOAUTH/.test(l)).length, 1);
  });
});

describe('TCP keepalive', { timeout: 30_000 }, async () => {
  const ss = await hasCommand('ss');
  it('the socket to Redis has keepalive on (as the kernel reports it)', { skip: !ss && 'ss (iproute2) not installed' }, async () => {
    await withFake({}, async (fake, store) => {
      await store.take('c2', LIMIT, 0);
      const out = execFileSync('ss', ['-tnoH', 'state', 'established', 'dport', '=', `:${fake.port}`]).toString();
      assert.match(out, /timer:\(keepalive,/, out);
    });
  });
});
