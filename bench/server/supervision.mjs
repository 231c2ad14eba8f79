// `npm run bench:server` (second part): what call supervision costs on the server. Not a test: it
// prints figures.
//   - memory: the heap held per supervised call while N calls are joined (with gc before each
//     reading), and the heap once they have all ended, next to where it started;
//   - the guard's reaction time: from a tampered `session.updated` leaving OpenAI's side (a
//     WebSocket server on 127.0.0.1) to the restoring `session.update` arriving back there,
//     median and p95 over R rounds, interleaved over the calls.
// Usage: node --expose-gc bench/server/supervision.mjs [--calls N] [--rounds R]
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

import { superviseCall } from '../../server/supervision/call-supervisor.js';
import { FAKE_API_KEY, fakeOpenAI } from '../../tests/support/fake-sideband.mjs';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '200' }, rounds: { type: 'string', default: '200' } } });
const CALLS = Number(args.calls);
const ROUNDS = Number(args.rounds);
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(1);
}
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed;
};
const until = async (predicate) => {
  while (!predicate()) await new Promise((r) => setTimeout(r, 5));
};
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

const loadBefore = load();
const fake = await fakeOpenAI();
const o = {
  baseURL: fake.baseURL, apiKey: FAKE_API_KEY, timeoutMs: 5000, fetch: globalThis.fetch, now: () => Date.now(),
  session: { model: 'gpt-realtime', instructions: 'Be brief.', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] },
  supervise: { onTamper: 'restore', onSidebandFailure: 'hangup', connectTimeoutMs: 10_000, maxCallSeconds: 0, idleSeconds: 0, maxTokens: 0 },
};

// Warm-up: a few calls joined and hung up first, so that what is loaded once (ws, fetch's connection
// pool, compiled code) is not counted as the calls' cost.
const warm = [];
for (let i = 0; i < 20; i++) warm.push(superviseCall(o, { callId: `rtc_warm_${i}`, clientId: null, record: () => {}, onEnd: () => {} }));
await until(() => fake.joined.length === 20);
await Promise.all(warm.map((c) => c.hangup('warm_up')));
await until(() => fake.sockets.size === 0);
fake.received.length = 0;
fake.joined.length = 0;
warm.length = 0;

const start = await settle();
const calls = [];
for (let i = 0; i < CALLS; i++) {
  calls.push(superviseCall(o, { callId: `rtc_bench_${i}`, clientId: null, record: () => {}, onEnd: () => {} }));
}
await until(() => fake.joined.length === CALLS);
await until(() => fake.received.length >= CALLS); // each call's join update
const joined = await settle();

// Reaction: one tampered echo at a time, to call i % CALLS; timed until its restoring update arrives.
const times = [];
for (let r = 0; r < ROUNDS; r++) {
  const callId = `rtc_bench_${r % CALLS}`;
  const arrived = fake.nextFrame();
  const t0 = performance.now();
  fake.send({ type: 'session.updated', session: { type: 'realtime', model: 'gpt-realtime', instructions: `tampered ${r}`, tools: [] } }, callId);
  await arrived;
  times.push(performance.now() - t0);
  fake.send({ type: 'session.updated', session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.', tools: o.session.tools } }, callId); // restored: resets the guard's count
}
await Promise.all(calls.map((c) => c.hangup('bench_over')));
await until(() => fake.sockets.size === 0);
await fake.close();
// The fake's own records (every frame received) are OpenAI's side, not the server's: dropped before reading.
fake.received.length = 0;
fake.joined.length = 0;
fake.hangups.length = 0;
calls.length = 0;
const ended = await settle();

times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
console.log(`call supervision, ${CALLS} concurrent calls, ${ROUNDS} tamper rounds (Node ${process.version}, loadavg before ${loadBefore}, after ${load()})`);
console.log(`  heap: start ${(start / 1024).toFixed(0)} KiB, ${CALLS} joined ${(joined / 1024).toFixed(0)} KiB (${((joined - start) / CALLS / 1024).toFixed(1)} KiB per call, the sideband socket included), all ended ${(ended / 1024).toFixed(0)} KiB`);
console.log(`  guard reaction (tampered session.updated sent → restoring session.update received, loopback): median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
