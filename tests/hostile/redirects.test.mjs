// Issue 12, item 13: redirects in Node. 307 and 308 on POST/PUT/PATCH were
// resent with an empty body; each hop got a fresh timer (a chain of slow
// redirects took 5.4 s against timeoutMs 1000); a same-origin redirect could
// leave baseUrl's path (/api became /internal/admin); an unparsable Location
// was reported as internal_error ("a bug").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion } from '../../web/index.js';
import { startBackend } from '../support/test-backend.mjs';

let backend;
before(async () => {
  backend = await startBackend();
});
after(() => backend.close());

async function call(tools, name, args, options = {}) {
  const companion = await createCompanion({ baseUrl: `${backend.origin}/api`, tools, ...options });
  const records = [];
  companion.onToolCall((r) => records.push(r));
  try {
    const started = performance.now();
    const result = await companion.functionHandler({ name, arguments: args });
    return { result, ms: performance.now() - started, record: records[0] };
  } finally {
    companion.dispose();
  }
}

test('307 and 308 on POST, PUT and PATCH resend the body and its content type', async () => {
  for (const method of ['POST', 'PUT', 'PATCH']) {
    for (const status of [307, 308]) {
      const args = `{"who":"Ann","n":12345678901234567890,"method":"${method}"}`;
      const { result, record } = await call([{ name: 'move', route: { method, path: `/redirect-status/${status}` } }], 'move', args);
      assert.equal(result.method, method, `${method} ${status}`);
      assert.equal(result.rawPath, '/api/echo/redirected');
      assert.equal(result.body, args, `${method} ${status}: the body arrived again, unchanged`);
      assert.equal(result.headers['content-type'], 'application/json');
      assert.deepEqual(record.requests.map((r) => r.method), [method, method]);
    }
  }
  // A body the core rebuilt (a path parameter taken out) is resent as well.
  const { result } = await call([{ name: 'rename', route: { method: 'PATCH', path: '/redirect-status/{status}' } }],
    'rename', '{"status":"308","name":"Zoë"}');
  assert.equal(result.method, 'PATCH');
  assert.deepEqual(JSON.parse(result.body), { name: 'Zoë' });
});

test('301, 302 and 303 from POST become a GET without a body or content type, as fetch does', async () => {
  for (const status of [301, 302, 303]) {
    const { result } = await call([{ name: 'move', route: { method: 'POST', path: `/redirect-status/${status}` } }], 'move', '{"a":1}');
    assert.equal(result.method, 'GET', String(status));
    assert.equal(result.body, '');
    assert.equal(result.headers['content-type'], undefined);
  }
});

test('a chain of slow redirects shares one deadline: hops of 400 ms end in timeout at timeoutMs 1000', async () => {
  const { result, ms, record } = await call([{ name: 'hop', route: { path: '/redirect-slow/1', timeoutMs: 1000 } }], 'hop', '{}');
  assert.equal(result.error?.code, 'timeout');
  assert.ok(ms >= 990 && ms < 1600, `answered after ${ms} ms`);
  assert.equal(record.requests.length, 3, 'the third hop was under way when the deadline came');
});

test('a same-origin redirect out of baseUrl\'s path is blocked_destination and never reaches the target', async () => {
  const tools = [{ name: 'jump', route: { path: '/redirect-to' } }];
  const inside = await call(tools, 'jump', JSON.stringify({ to: '/api/echo/fine' }));
  assert.equal(inside.result.rawPath, '/api/echo/fine', 'a redirect under the base path is followed');
  for (const to of ['/internal/admin', '/api/../internal/admin', '/api/%2e%2e/internal/admin', '/api/%2E%2e/internal/admin',
    '/api/..%2finternal/admin', '/api/..%5Cinternal/admin', '/API/internal', '/apiary', '/api-internal/admin', '/', '../internal/admin',
    '//evil.example/internal', `${backend.origin.replace('127.0.0.1', 'localhost')}/api/internal`, 'javascript:alert(1)']) {
    const requestsBefore = backend.requests.length;
    const { result } = await call(tools, 'jump', JSON.stringify({ to }));
    const followed = backend.requests.slice(requestsBefore + 1).map((r) => r.path);
    assert.equal(result.error?.code, 'blocked_destination', `${to}: ${JSON.stringify(result).slice(0, 200)}`);
    assert.match(result.error.message, /redirected away from its base URL/);
    assert.deepEqual(followed, [], `${to} was not followed`);
  }
});

test('a Location that is not a URL, or is too long, is network_error, not internal_error', async () => {
  const tools = [{ name: 'jump', route: { path: '/redirect-to' } }];
  for (const to of ['http://[', 'http://a:99999/', 'https://[::1', 'http://exa mple.com/', `/api/${'x'.repeat(9000)}`]) {
    const { result } = await call(tools, 'jump', JSON.stringify({ to }));
    assert.equal(result.error?.code, 'network_error', `${to.slice(0, 40)}: ${JSON.stringify(result).slice(0, 200)}`);
    assert.match(result.error.message, /Location/);
  }
});

test('more than five redirects are still network_error', async () => {
  const { result, record } = await call([{ name: 'redirect-loop' }], 'redirect-loop', '{}', { baseUrl: backend.origin });
  assert.equal(result.error?.code, 'network_error');
  assert.match(result.error.message, /redirected more than 5 times/);
  assert.equal(record.requests.length, 6);
});
