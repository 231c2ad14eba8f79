// createToolMiddleware: the backend answers exactly what the browser would,
// for a client that bypasses the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { createToolMiddleware } from '../../server/index.js';
import { createCompanion } from '../../web/index.js';

const tools = [
  {
    type: 'function', name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['city'], additionalProperties: false },
  },
  {
    type: 'function', name: 'book',
    parameters: { type: 'object', properties: { restaurant: { type: 'string' }, people: { type: 'integer' } }, required: ['restaurant', 'people'] },
    route: { method: 'POST', path: '/restaurants/{restaurant}/bookings' },
  },
];

let server;
let origin;
const seen = [];

before(async () => {
  const validate = await createToolMiddleware(tools, { basePath: '/api', maxArgumentBytes: 4096 });
  server = http.createServer((req, res) => {
    validate(req, res, () => {
      seen.push(req.toolCall ?? null);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, toolCall: req.toolCall ?? null }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

test('a valid call from the browser passes, typed as the model sent it', async () => {
  const companion = await createCompanion({ baseUrl: `${origin}/api`, tools });
  const result = await companion.functionHandler({ name: 'get_weather', arguments: '{"city":"São Paulo","days":3,"tags":["a","b"]}' });
  assert.deepEqual(result.toolCall, { name: 'get_weather', arguments: { city: 'São Paulo', days: 3, tags: ['a', 'b'] } });
  const booked = await companion.functionHandler({ name: 'book', arguments: '{"restaurant":"Chez Nous","people":2}' });
  assert.deepEqual(booked.toolCall, { name: 'book', arguments: { restaurant: 'Chez Nous', people: 2 } });
  companion.dispose();
});

test('a client that bypasses the browser gets the same invalid_arguments', async () => {
  const count = seen.length;
  for (const [path, init] of [
    ['/api/get_weather?days=3', {}],
    ['/api/get_weather?city=x&days=soon', {}],
    ['/api/get_weather?city=x&admin=1', {}],
    ['/api/restaurants/x/bookings', { method: 'POST', body: '{"people":"two"}' }],
    ['/api/restaurants/x/bookings', { method: 'POST', body: '{not json' }],
  ]) {
    const response = await fetch(origin + path, init);
    const body = await response.json();
    assert.equal(response.status, 400, path);
    assert.equal(body.error.code, 'invalid_arguments');
    assert.ok(body.error.errors.length > 0);
  }
  const huge = await fetch(`${origin}/api/restaurants/x/bookings`, { method: 'POST', body: JSON.stringify({ people: 1, pad: 'x'.repeat(10000) }) });
  assert.equal(huge.status, 413);
  assert.equal(seen.length, count, 'no refused request reached the handler');
});

test('requests no tool route serves pass through untouched', async () => {
  const response = await fetch(`${origin}/healthz`);
  assert.deepEqual(await response.json(), { ok: true, toolCall: null });
});
