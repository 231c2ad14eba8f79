// `npm run bench:server`: a load run of the ephemeral-key handler against the OpenAI stand-in.
// Not a test: it prints figures. It does fail (exit 1) if keys minted differ from what the rate
// limit allows, or if a secret shows up in a log line or answer.
//
// Each scenario fires rounds of concurrent requests. The handler's clock is frozen within a round
// and advanced `stepMs` between rounds, so the number of keys the token bucket allows is exact and
// computed independently here (a reference bucket per client) instead of estimated.
//
// Usage: node bench/server/server-load.mjs [--rounds N] [--concurrency C]
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createEphemeralKeyHandler, createRedisRateLimitStore } from '../../server/index.js';
import { takeToken } from '../../server/token-bucket.js';
import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { hasCommand, startRedis } from '../../tests/support/server-helpers.mjs';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '40' }, concurrency: { type: 'string', default: '50' } },
});
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);
const PAGE = 'https://app.example.test';

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function scenario(up, { name, clients, limit, stepMs, store }) {
  let clock = 1_700_000_000_000;
  const lines = [];
  const handler = createEphemeralKeyHandler({
    apiKey: TEST_MASTER_KEY,
    baseURL: up.baseURL,
    allowedOrigins: [PAGE],
    authorize: (req) => req.headers['x-user'],
    rateLimit: { ...limit, store },
    now: () => clock,
    audit: (r) => lines.push(JSON.stringify(r)),
  });
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = `http://127.0.0.1:${server.address().port}/ephemeral-key`;

  const once = (user) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(url, { agent, headers: { origin: PAGE, 'x-requested-with': 'bench', 'x-user': user } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body, ms: performance.now() - t0 }));
      });
      req.on('error', reject);
      req.end();
    });

  const reference = new Map(); // client → bucket state, the independent count of what is allowed
  let expected = 0;
  const latencies = [];
  const statuses = {};
  const bodies = [];
  const issuedBefore = up.issued.size;
  let seq = 0;
  const t0 = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    clock += stepMs;
    const users = Array.from({ length: CONCURRENCY }, () => `user-${seq++ % clients}`);
    for (const u of users) {
      const { state, result } = takeToken(reference.get(u), limit, clock);
      reference.set(u, state);
      expected += result.allowed;
    }
    const results = await Promise.all(users.map(once));
    for (const r of results) {
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      bodies.push(r.body);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));

  const minted = up.issued.size - issuedBefore;
  const keys = [...up.issued.keys()].slice(issuedBefore);
  let secrets = 0;
  for (const text of [...lines, ...bodies]) if (text.includes(TEST_MASTER_KEY)) secrets++;
  const keySet = new Set(keys);
  for (const line of lines) {
    for (const m of line.matchAll(/ek_[0-9a-f]+/g)) if (keySet.has(m[0])) secrets++;
  }
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    'req/s': Math.round(latencies.length / seconds),
    'p50 ms': +percentile(latencies, 50).toFixed(2),
    'p99 ms': +percentile(latencies, 99).toFixed(2),
    '200': statuses[200] ?? 0,
    '429': statuses[429] ?? 0,
    other: latencies.length - (statuses[200] ?? 0) - (statuses[429] ?? 0),
    minted,
    allowed: expected,
    match: minted === expected && (statuses[200] ?? 0) === expected ? 'yes' : 'NO',
    'audit lines': lines.length,
    'secrets in logs': secrets,
  };
}

const up = await startRestStandIn();
const rows = [];
let redis = null;
try {
  rows.push(await scenario(up, { name: 'one client, limit not binding', clients: 1, limit: { perMinute: 1e9, burst: 1e9 }, stepMs: 1000 }));
  rows.push(await scenario(up, { name: 'one client, 600/min burst 20', clients: 1, limit: { perMinute: 600, burst: 20 }, stepMs: 1000 }));
  rows.push(await scenario(up, { name: '100 clients, 6/min burst 3', clients: 100, limit: { perMinute: 6, burst: 3 }, stepMs: 1000 }));
  if (await hasCommand('redis-server')) {
    redis = await startRedis();
    const store = createRedisRateLimitStore({ url: redis.url, prefix: `bench:${Date.now()}:` });
    rows.push(await scenario(up, { name: '100 clients, 6/min burst 3, Redis', clients: 100, limit: { perMinute: 6, burst: 3 }, stepMs: 1000, store }));
    store.close();
  } else {
    console.log('(redis-server not installed: Redis scenario skipped)');
  }
} finally {
  await up.close();
  await redis?.stop();
}

console.log(`node ${process.version}, ${ROUNDS} rounds x ${CONCURRENCY} concurrent requests per scenario, handler and stand-in in one process`);
console.table(rows);
const bad = rows.filter((r) => r.match !== 'yes' || r['secrets in logs'] !== 0 || r.other !== 0);
if (bad.length) {
  console.error(`FAILED: ${bad.map((r) => r.name).join('; ')}`);
  process.exitCode = 1;
}
