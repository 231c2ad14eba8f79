// createToolMiddleware in the wirings where a router could hand a tool what was not validated, in
// one process each (tests/tool-calls/documented-wirings.test.mjs runs the documented ones as child processes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import express from 'express';

import { createToolMiddleware } from '../../server/index.js';
import { request } from '../support/server-helpers.mjs';
import { rawRequest } from '../support/raw-http.mjs';

const tools = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
  {
    type: 'function', name: 'book', route: { method: 'POST', path: '/restaurants/{restaurant}/bookings' },
    parameters: { type: 'object', properties: { restaurant: { type: 'string' }, people: { type: 'integer' } }, required: ['people'] },
  },
];

async function listen(app) {
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: (path) => `http://127.0.0.1:${server.address().port}${path}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

const post = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const echo = (req, res) => res.json({ toolCall: req.toolCall ?? null, body: req.body ?? null, query: req.query });

for (const [order, was] of [['after', ' (it was a 500 "stream is not readable")'], ['before', '']]) {
  test(`express 4 with express.json() mounted ${order} the middleware: a valid POST passes${was}`, async () => {
    const validate = await createToolMiddleware(tools, { basePath: '/api' });
    const app = express();
    if (order === 'before') app.use(express.json());
    app.use(validate);
    if (order === 'after') app.use(express.json());
    app.post('/api/restaurants/:restaurant/bookings', echo);
    app.use((err, req, res, next) => res.status(500).json({ express: String(err) }));
    const s = await listen(app);
    try {
      const ok = await request(s.url('/api/restaurants/Chez%20Nous/bookings'), post({ people: 2 }));
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json.toolCall, { name: 'book', arguments: { restaurant: 'Chez Nous', people: 2 } });
      assert.deepEqual(ok.json.body, { restaurant: 'Chez Nous', people: 2 }, 'req.body is what was validated');
      const bad = await request(s.url('/api/restaurants/x/bookings'), post({ people: 'two' }));
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.code, 'invalid_arguments');
    } finally {
      await s.close();
    }
  });
}

test("app.use('/api', validateTools) with basePath '/api': express strips the mount path, calls are still validated", async () => {
  const validate = await createToolMiddleware(tools, { basePath: '/api' });
  const app = express();
  app.use('/api', validate);
  app.get('/api/get_weather', echo);
  const s = await listen(app);
  try {
    const bad = await request(s.url('/api/get_weather?admin=1'));
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_arguments');
    const ok = await request(s.url('/API/get_weather/?city=x'));
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json.toolCall, { name: 'get_weather', arguments: { city: 'x' } });
    assert.deepEqual(ok.json.query, { city: 'x' }, 'req.query is what was validated');
  } finally {
    await s.close();
  }
});

test("app.use('/api', validateTools) with basePath '' fails closed: 500 naming basePath, nothing passed unchecked", async () => {
  const validate = await createToolMiddleware(tools); // basePath '': the routes would be /get_weather
  const app = express();
  app.use('/api', validate);
  let reached = 0;
  app.get('/api/get_weather', (req, res) => {
    reached++;
    res.json({});
  });
  const s = await listen(app);
  try {
    const r = await request(s.url('/api/get_weather?admin=1'));
    assert.equal(r.status, 500);
    assert.match(r.json.error.message, /basePath/);
    assert.equal(reached, 0);
  } finally {
    await s.close();
  }
});

test('qs-style nesting cannot reach an express handler through req.query (?city=x&city[admin]=1, schema without additionalProperties: false)', async () => {
  const open = [{ type: 'function', name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }];
  const validate = await createToolMiddleware(open);
  const app = express();
  app.use(validate);
  app.get('/search', echo);
  const s = await listen(app);
  try {
    const r = await request(s.url('/search?q=x&q[admin]=1'));
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.query, { q: 'x', 'q[admin]': '1' }, 'req.query is the validated arguments, not qs\'s { q: [\'x\', { admin: \'1\' }] }');
  } finally {
    await s.close();
  }
});

test('a node:http handler that throws after validation gets a 500, not an unhandled rejection that ends the process', async () => {
  const validate = await createToolMiddleware(tools);
  const server = http.createServer((req, res) => {
    validate(req, res, () => {
      throw new Error('the site handler failed');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const rejections = [];
  const onRejection = (e) => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  const write = process.stderr.write;
  process.stderr.write = () => true; // the report of the handler's error is expected here
  try {
    const r = await request(`http://127.0.0.1:${server.address().port}/get_weather?city=x`);
    assert.equal(r.status, 500);
    assert.equal(r.json.error.code, 'internal_error');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(rejections.length, 0);
  } finally {
    process.stderr.write = write;
    process.off('unhandledRejection', onRejection);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the middleware promise resolves for every request, to one of its four outcomes', async () => {
  const validate = await createToolMiddleware(tools);
  const outcomes = [];
  const server = http.createServer((req, res) => {
    validate(req, res, () => res.end('{}')).then((o) => outcomes.push(o));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = (p) => `http://127.0.0.1:${server.address().port}${p}`;
  try {
    await request(url('/get_weather?city=x'));
    await request(url('/get_weather'));
    await request(url('/healthz'));
    await rawRequest(server.address().port, { target: '/files/%2e%2e' }); // a URL-parsing client would climb first
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(outcomes, ['valid', 'refused', 'unmatched', 'refused']);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a rewrite in front of express (req.url changed, originalUrl kept) cannot route a call past the middleware', async () => {
  const validate = await createToolMiddleware(tools, { basePath: '/api' });
  const app = express();
  app.use((req, res, next) => {
    req.url = req.url.replace(/^\/v2/, ''); // e.g. a version prefix stripped by the site
    next();
  });
  app.use(validate);
  app.get('/api/get_weather', echo);
  const s = await listen(app);
  try {
    const bad = await request(s.url('/v2/api/get_weather?admin=1'));
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_arguments');
    const ok = await request(s.url('/v2/api/get_weather?city=x'));
    assert.deepEqual(ok.json.toolCall, { name: 'get_weather', arguments: { city: 'x' } });
  } finally {
    await s.close();
  }
});
