// The rate limit at many clients: the memory store decides in O(1) whatever the number of buckets
// and forgets what it no longer needs; IPv6 clients are keyed by /64, so rotating through one's
// own addresses buys no extra keys.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRestStandIn } from '../../testing/openai-rest.js';
import { createMemoryRateLimitStore } from '../../server/index.js';
import { ipRateLimitKey } from '../../server/ip-rate-limit-key.js';
import { withKeyHandler, request, GOOD } from '../support/server-helpers.mjs';

let up;
before(async () => {
  up = await startRestStandIn();
});
after(() => up.close());
const withHandler = (options, fn) => withKeyHandler(up, options, fn);

describe('memory store: O(1) per decision at any number of clients', { timeout: 20_000 }, () => {
  const LIMIT = { perMinute: 6, burst: 3 }; // a bucket takes 30 s to refill: nobody below is forgettable
  it('200,000 client ids inside the refill window (one IPv6 /64 of ids) cost no more per request than 1,000', async () => {
    const perRequest = async (clients) => {
      const store = createMemoryRateLimitStore({ maxBuckets: 1_000_000 });
      for (let i = 0; i < clients; i++) await store.take(`c${i}`, LIMIT, 1000);
      assert.equal(store.size, clients, 'every bucket is still needed');
      const started = performance.now();
      for (let i = 0; i < 2000; i++) await store.take(`new${i}`, LIMIT, 2000);
      return (performance.now() - started) / 2000;
    };
    const small = await perRequest(1_000);
    const large = await perRequest(200_000);
    // Loose bounds (a loaded machine), still far below what a pass over every bucket per decision costs.
    assert.ok(large < 0.2, `${(large * 1000).toFixed(1)} µs per request at 200,000 clients`);
    assert.ok(large < small * 20 + 0.05, `${(large * 1000).toFixed(1)} µs vs ${(small * 1000).toFixed(1)} µs at 1,000 clients`);
  });

  it('buckets that have refilled are forgotten as time passes; maxBuckets drops the least recently used', async () => {
    const store = createMemoryRateLimitStore({ maxBuckets: 3 });
    for (const id of ['a', 'b', 'c']) await store.take(id, LIMIT, 0);
    await store.take('a', LIMIT, 1); // a is now the most recently used
    await store.take('d', LIMIT, 2);
    assert.equal(store.size, 3);
    // b was dropped: it starts again full (3 takes allowed); a kept its spent state (2 spent).
    assert.equal((await store.take('a', LIMIT, 3)).allowed, true);
    assert.equal((await store.take('a', LIMIT, 3)).allowed, false);
    const refilled = createMemoryRateLimitStore();
    for (let i = 0; i < 500; i++) await refilled.take(`x${i}`, LIMIT, 0);
    await refilled.take('late', LIMIT, 30_000);
    assert.equal(refilled.size, 1, 'every bucket idle for a full refill is gone');
  });
});

describe('IPv6 clients are keyed by /64', { timeout: 20_000 }, () => {
  it('addresses map to their key: IPv4 whole, IPv6 by /64, IPv4-mapped as IPv4, ports and zones dropped', () => {
    assert.equal(ipRateLimitKey('192.0.2.1'), 'ip:192.0.2.1');
    assert.equal(ipRateLimitKey('::ffff:192.0.2.1'), 'ip:192.0.2.1');
    assert.equal(ipRateLimitKey('192.0.2.1:5678'), 'ip:192.0.2.1');
    assert.equal(ipRateLimitKey('2001:db8:1:2:3:4:5:6'), 'ip:2001:db8:1:2::/64');
    assert.equal(ipRateLimitKey('2001:DB8:1:2:ffff::9'), 'ip:2001:db8:1:2::/64');
    assert.equal(ipRateLimitKey('[2001:db8:1:2::1]:443'), 'ip:2001:db8:1:2::/64');
    assert.equal(ipRateLimitKey('fe80::1%eth0'), 'ip:fe80:0:0:0::/64');
    assert.equal(ipRateLimitKey('2001:db8:1:3::1'), 'ip:2001:db8:1:3::/64');
    for (const junk of ['unknown', '', '1.2.3.4.5', 'x'.repeat(5000), '2001:db8::1::2', undefined]) assert.equal(ipRateLimitKey(junk), 'ip:unknown');
  });

  it('one /64 rotating through its addresses gets one burst of keys, not one per address', async () => {
    await withHandler({ trustProxy: true, rateLimit: { perMinute: 6, burst: 3 } }, async (h) => {
      const from = (xff) => request(h.url, { headers: { ...GOOD, 'x-forwarded-for': xff } });
      const statuses = [];
      for (let i = 1; i <= 8; i++) statuses.push((await from(`2001:db8:1:2::${i.toString(16)}`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429, 429, 429]);
      assert.equal((await from('2001:db8:1:3::1')).status, 200, 'the next /64 is another client');
      assert.equal(h.audit.at(-1).client_id, 'ip:2001:db8:1:3::/64');
      const junk = await from('definitely-not-an-address');
      assert.equal(h.audit.at(-1).client_id, 'ip:unknown');
      assert.equal(junk.status, 200);
    });
  });
});
