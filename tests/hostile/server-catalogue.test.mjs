// Runs the server side of the hostile-input catalogue (server-catalogue.mjs) against real servers
// on 127.0.0.1 and checks each promised outcome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import express from 'express';

import { createToolMiddleware, createEphemeralKeyHandler } from '../../server/index.js';
import { TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { rawRequest, abortedUpload } from '../support/raw-http.mjs';
import { request } from '../support/server-helpers.mjs';
import { tools } from '../tool-calls/wirings/tools.mjs';
import { serverCatalogue } from './server-catalogue.mjs';

const listen = async (handler) => {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
};

let backend;
let upstream;
let upstreamAnswer;
const hits = [];
const GOOD = { 'x-requested-with': 'fetch' };

before(async () => {
  const validate = await createToolMiddleware(tools, { basePath: '/api' });
  backend = await listen((req, res) => validate(req, res, () => {
    hits.push(req.toolCall ?? null);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ toolCall: req.toolCall ?? null }));
  }));
  upstream = await listen((req, res) => {
    req.resume();
    upstreamAnswer(req, res);
  });
});
after(() => Promise.all([backend.close(), upstream.close()]));

async function keyHandler(options, fn) {
  const audit = [];
  const handler = createEphemeralKeyHandler({
    apiKey: TEST_MASTER_KEY, baseURL: `http://127.0.0.1:${upstream.port}/v1`, allowedOrigins: ['https://app.example.com'],
    rateLimit: false, audit: (r) => audit.push(JSON.stringify(r)), ...options,
  });
  const s = await listen((req, res) => handler(req, res));
  try {
    return await fn((init = {}) => request(`http://127.0.0.1:${s.port}/`, init), audit);
  } finally {
    await s.close();
  }
}

async function expressApp(build, target, init) {
  const app = express();
  await build(app);
  const s = await listen(app);
  try {
    return await rawRequest(s.port, { target, ...init });
  } finally {
    await s.close();
  }
}

const ctx = {
  async tool(method, target, init = {}) {
    const before = hits.length;
    const r = await rawRequest(backend.port, { method, target, ...init });
    return { ...r, reached: hits.slice(before) };
  },
  async aborted(target) {
    await abortedUpload(backend.port, target);
    const after = await rawRequest(backend.port, { target: '/api/get_weather?city=x' });
    return { after };
  },
  async mounted(mount, basePath, target) {
    const seen = [];
    const r = await expressApp(async (app) => {
      app.use(mount, await createToolMiddleware(tools, { basePath }));
      app.get('/api/get_weather', (req, res) => (seen.push(req.toolCall ?? null), res.json({})));
    }, target);
    return { ...r, reached: seen };
  },
  async jsonAfter() {
    return expressApp(async (app) => {
      app.use(await createToolMiddleware(tools, { basePath: '/api' }));
      app.use(express.json());
      app.post('/api/restaurants/:r/bookings', (req, res) => res.json({ toolCall: req.toolCall ?? null }));
    }, '/api/restaurants/x/bookings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"people":2}' });
  },
  async key(value, expiresAt) {
    const v = value ?? TEST_MASTER_KEY;
    upstreamAnswer = (req, res) => res.end(JSON.stringify({ value: v, expires_at: expiresAt }));
    return keyHandler({}, async (call, audit) => ({ r: await call({ headers: GOOD }), audit, value: v }));
  },
  async bomb() {
    const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024));
    upstreamAnswer = (req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      const pump = () => {
        while (!res.destroyed && res.write(member));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    };
    return keyHandler({ timeoutMs: 1000 }, async (call) => {
      const started = Date.now();
      return { r: await call({ headers: GOOD }), ms: Date.now() - started };
    });
  },
  async cors(origin) {
    upstreamAnswer = (req, res) => res.end(JSON.stringify({ value: `ek_${'a'.repeat(32)}`, expires_at: Math.floor(Date.now() / 1000) + 60 }));
    return keyHandler({}, async (call) => ({ r: await call({ headers: { ...GOOD, origin } }) }));
  },
  async ipv6() {
    upstreamAnswer = (req, res) => res.end(JSON.stringify({ value: `ek_${'a'.repeat(32)}`, expires_at: Math.floor(Date.now() / 1000) + 60 }));
    return keyHandler({ trustProxy: true, rateLimit: { perMinute: 6, burst: 3 } }, async (call) => {
      const statuses = [];
      for (let i = 1; i <= 8; i++) statuses.push((await call({ headers: { ...GOOD, 'x-forwarded-for': `2001:db8:7:7::${i}` } })).status);
      return { statuses };
    });
  },
};

const refused = (status, code) => (o) => {
  assert.equal(o.status, status, o.text);
  if (code) assert.equal(o.json?.error?.code, code);
  assert.deepEqual(o.reached, [], 'no handler reached');
};
const keyRefused = (o) => {
  assert.equal(o.r.status, 502, o.r.text);
  assert.equal(o.r.json.error.code, 'upstream_malformed');
  for (const text of [o.r.text, ...o.audit]) assert.ok(!text.includes(o.value), 'the value leaked');
};

const checks = {
  'target-aborted-body': (o) => assert.equal(o.after.status, 200),
  'target-head': (o) => refused(400)(o),
  'target-double-encoded-dot': (o) => {
    assert.equal(o.status, 200);
    assert.deepEqual(o.reached, [{ name: 'read_file', arguments: { id: '%2e%2e' } }]);
  },
  'target-wrong-method': (o) => {
    refused(405, 'method_not_allowed')(o);
    assert.equal(o.headers.allow, 'GET, HEAD');
  },
  'target-mount': refused(400, 'invalid_arguments'),
  'target-mount-mismatch': (o) => {
    refused(500, 'internal_error')(o);
    assert.match(o.json.error.message, /basePath/);
  },
  'body-shadow': refused(400, 'invalid_arguments'),
  'body-on-get': refused(400, 'bad_request_target'),
  'body-not-utf8': refused(400, 'invalid_arguments'),
  'body-json-after': (o) => {
    assert.equal(o.status, 200, o.text);
    assert.deepEqual(o.json.toolCall, { name: 'book', arguments: { restaurant: 'x', people: 2 } });
  },
  'key-gzip-bomb': (o) => {
    assert.equal(o.r.status, 502);
    assert.ok(o.ms < 1000, `${o.ms} ms`);
  },
  'cors-case': (o) => {
    assert.equal(o.r.status, 200);
    assert.equal(o.r.headers['access-control-allow-origin'], 'https://app.example.com');
  },
  'cors-userinfo': (o) => {
    assert.equal(o.r.status, 403);
    assert.equal(o.r.headers['access-control-allow-origin'], undefined);
  },
  'rate-ipv6': (o) => assert.deepEqual(o.statuses, [200, 200, 200, 429, 429, 429, 429, 429]),
};
for (const id of ['target-ipv6-bracket', 'target-bad-port', 'target-absolute-bad-port', 'target-semicolon', 'target-backslash', 'target-fragment', 'target-bad-utf8']) {
  checks[id] = refused(400, 'bad_request_target');
}
for (const id of ['target-case', 'target-trailing-slash', 'target-double-slash', 'target-encoded-letter', 'target-absolute-form']) checks[id] = refused(400, 'invalid_arguments');
for (let i = 1; i <= 6; i++) checks[`target-dot-${i}`] = refused(400, 'bad_request_target');
for (const id of ['key-master', 'key-own-master', 'key-crlf', 'key-html', 'key-expired', 'key-far']) checks[id] = keyRefused;

test('every server catalogue entry has a check, and every check an entry', () => {
  assert.deepEqual(Object.keys(checks).sort(), serverCatalogue.map((e) => e.id).sort());
});

for (const entry of serverCatalogue) {
  test(`${entry.entry}: ${entry.input} → ${entry.expected}`, { timeout: 10_000 }, async () => {
    checks[entry.id](await entry.run(ctx));
  });
}

test('docs/HOSTILE_INPUTS.md holds the current server table', async () => {
  const { readFile } = await import('node:fs/promises');
  const { serverTable } = await import('./print-table.mjs');
  const doc = await readFile(new URL('../../docs/HOSTILE_INPUTS.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(serverTable()), 'run: node tests/hostile/print-table.mjs server, and paste the table into docs/HOSTILE_INPUTS.md');
});
