// The handler mounted in express (a devDependency; skipped with a message when it is not installed).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { createEphemeralKeyHandler } from '../../server/index.js';
import { request, PAGE, GOOD } from '../support/server-helpers.mjs';

let express = null;
try {
  express = (await import('express')).default;
} catch {}

it('works as express middleware next to a JSON body parser, preflight included', { skip: !express && 'express not installed (npm install --save-dev express)', timeout: 30_000 }, async () => {
  const up = await startRestStandIn();
  const audit = [];
  const other = 'https://other.example.test';
  const app = express();
  app.use(express.json());
  app.all('/ephemeral-key', createEphemeralKeyHandler({
    apiKey: TEST_MASTER_KEY,
    baseURL: up.baseURL,
    allowedOrigins: [PAGE, other],
    authorize: (req) => req.get('x-user') || false,
    audit: (r) => audit.push(r),
  }));
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${server.address().port}/ephemeral-key`;
  try {
    const ok = await request(url, { method: 'POST', headers: { ...GOOD, 'x-user': 'u1', 'content-type': 'application/json' }, body: '{"model":"gpt-evil"}' });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.json).sort(), ['expires_at', 'model', 'value']);
    assert.equal(up.requests.at(-1).body.session.model, 'gpt-realtime');
    assert.equal((await request(url, { headers: GOOD })).status, 401);
    const pre = await request(url, { method: 'OPTIONS', headers: { origin: other, 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], other);
    assert.deepEqual(audit.map((r) => r.event), ['issued', 'refused']);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await up.close();
  }
});
