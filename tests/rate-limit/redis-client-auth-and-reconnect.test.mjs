// The built-in Redis client on a real redis-server (Debian's `redis-server`; skipped with a clear
// message when it is not installed): an ACL user's AUTH from the URL, a wrong password named in
// the failure, and healing after Redis drops the connection or freezes mid-request.
import assert from 'node:assert/strict';
import { createRedisRateLimitStore } from '../../server/index.js';
import { createRespClient, RedisUnavailableError } from '../../server/resp-client.js';
import { describeWithRealRedis } from '../support/server-helpers.mjs';

const LIMIT = { perMinute: 6, burst: 3 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRealRedis('the built-in client on a real redis-server', { timeout: 30_000 }, (real) => {
  let admin;
  real.before(async () => {
    admin = createRespClient({ port: real.redis.port });
    await admin.command(['ACL', 'SETUSER', 'limiter', 'on', '>s3cret:pw', '~rl:*', '+@all']);
  });
  real.after(() => admin.close());

  real.it('redis://user:password@ authenticates as that ACL user', async () => {
    const cli = createRespClient({ port: real.redis.port, username: 'limiter', password: 's3cret:pw' });
    const store = createRedisRateLimitStore({ url: `redis://limiter:s3cret%3Apw@127.0.0.1:${real.redis.port}`, prefix: 'rl:acl:' });
    try {
      assert.equal(await cli.command(['ACL', 'WHOAMI']), 'limiter');
      assert.deepEqual(await store.take('a', LIMIT, 0), { allowed: true, retryAfterMs: 0, remaining: 2 });
      assert.equal(await admin.command(['HEXISTS', 'rl:acl:a', 't']), 1);
    } finally {
      cli.close();
      store.close();
    }
  });

  real.it('a wrong password fails closed, and names WRONGPASS (not the password)', async () => {
    const write = process.stderr.write;
    const written = [];
    process.stderr.write = function (chunk, ...rest) {
      written.push(String(chunk));
      return write.call(this, chunk, ...rest);
    };
    const store = createRedisRateLimitStore({ url: `redis://limiter:not-the-pw@127.0.0.1:${real.redis.port}`, prefix: 'rl:bad:' });
    try {
      for (let i = 0; i < 3; i++) {
        await assert.rejects(store.take('a', LIMIT, 0), (err) => err instanceof RedisUnavailableError && /^redis refused AUTH \(WRONGPASS\)/.test(err.detail));
      }
    } finally {
      process.stderr.write = write;
      store.close();
    }
    assert.equal(written.filter((l) => l.includes('refused AUTH')).length, 1);
    assert.ok(!written.join('').includes('not-the-pw'));
  });

  real.it('after CLIENT KILL, and after a freeze longer than the timeout, the next take is answered on a new connection', async () => {
    const store = createRedisRateLimitStore({ url: `redis://limiter:s3cret%3Apw@127.0.0.1:${real.redis.port}`, prefix: 'rl:heal:', timeoutMs: 200 });
    try {
      assert.equal((await store.take('k', LIMIT, 0)).allowed, true);
      assert.equal(await admin.command(['CLIENT', 'KILL', 'USER', 'limiter']), 1);
      await sleep(50);
      assert.equal((await store.take('k', LIMIT, 0)).remaining, 1, 'the idle connection Redis closed was replaced');
      real.redis.pause();
      try {
        await assert.rejects(store.take('k', LIMIT, 0), (err) => /^no redis reply within \d+ ms$/.test(err.detail));
      } finally {
        real.redis.resume();
      }
      await sleep(100);
      const after = await store.take('k', LIMIT, 0);
      assert.equal(after.allowed, true);
      assert.equal(after.remaining, 0, 'the frozen request spent nothing (its deadline had passed)');
    } finally {
      store.close();
    }
  });
});
