// A Redis frozen mid-flight (a real redis-server stopped with SIGSTOP): every decision meanwhile is
// 503 (fail closed), and once it resumes the queued commands, past their deadline, spent nothing.
import assert from 'node:assert/strict';
import { startRestStandIn } from '../../testing/openai-rest.js';
import { createRedisRateLimitStore } from '../../server/index.js';
import { createRespClient } from '../../server/resp-client.js';
import { withKeyHandler, request, describeWithRealRedis, GOOD } from '../support/server-helpers.mjs';

describeWithRealRedis('Redis frozen (SIGSTOP): 503 meanwhile, and no token spent once it resumes', { timeout: 20_000 }, (real) => {
  let up;
  real.before(async () => {
    up = await startRestStandIn();
  });
  real.after(() => up.close());
  const frozen = (warm) => async () => {
    const { redis } = real;
    const prefix = `frozen-${warm}:`;
    const store = createRedisRateLimitStore({ url: redis.url, prefix, timeoutMs: 200 });
    const cli = createRespClient({ port: redis.port });
    const clock = () => 50_000_000; // no refill during the test
    try {
      await withKeyHandler(up, { now: clock, authorize: (req) => req.headers['x-user'], rateLimit: { perMinute: 6, burst: 3, store } }, async (h) => {
        const ask = (user) => request(h.url, { headers: { ...GOOD, 'x-user': user } });
        if (warm) assert.equal((await ask('warm-up')).status, 200, 'the store has learnt Redis\' clock');
        redis.pause();
        try {
          const during = await Promise.all(Array.from({ length: 6 }, () => ask('alice')));
          assert.deepEqual(during.map((r) => r.status), [503, 503, 503, 503, 503, 503]);
          assert.ok(during.every((r) => r.json.error.code === 'rate_limit_unavailable'));
        } finally {
          redis.resume();
        }
        await new Promise((resolve) => setTimeout(resolve, 300)); // Redis works through its queue
        assert.deepEqual(await cli.command(['HMGET', `${prefix}alice`, 't', 'ts']), [null, null], 'the queued commands wrote nothing');
        const after = [];
        for (let i = 0; i < 4; i++) after.push((await ask('alice')).status);
        assert.deepEqual(after, [200, 200, 200, 429], 'alice still has her whole burst');
      });
    } finally {
      store.close();
      cli.close();
    }
  };
  real.it('with the store warm (the queued commands are rate-limit scripts past their deadline)', frozen(true));
  real.it('with the store cold (only a clock read was queued)', frozen(false));
});
