// createToolMiddleware under the evaluation budget (docs/validator.md): a
// client that sends arguments too costly to check gets arguments_too_complex
// at once, the handler never runs, and the event loop is not held.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { createToolMiddleware } from '../../server/index.js';
import { chain, dynamicRecursiveOneOf, permutations } from '../support/hostile-arguments.mjs';
import { cpuMs } from '../support/cpu-clock.mjs';

const tools = [
  { type: 'function', name: 'tree', parameters: dynamicRecursiveOneOf, route: { method: 'POST', path: '/tree' } },
  {
    type: 'function', name: 'rows',
    parameters: { type: 'object', properties: { rows: { type: 'array', uniqueItems: true } } },
    route: { method: 'POST', path: '/rows' },
  },
];

let server;
let origin;
const handled = [];

before(async () => {
  const validate = await createToolMiddleware(tools, { basePath: '/api' });
  server = http.createServer((req, res) => {
    validate(req, res, () => {
      handled.push(req.toolCall.name);
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

const post = (path, value) => fetch(origin + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

test('the recursive oneOf through $dynamicRef at 40 levels is refused with arguments_too_complex, the handler not called', async () => {
  const count = handled.length;
  const start = cpuMs();
  const response = await post('/api/tree', chain(40));
  const ms = cpuMs() - start; // the work, client and server: waiting for the CPU is not the budget's
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.error.code, 'arguments_too_complex');
  assert.equal(body.error.tool, 'tree');
  assert.match(body.error.errors[0].error, /costs more to check than the budget allows/);
  assert.equal(handled.length, count);
  assert.ok(ms < 2000, `${ms} ms`);
  // Within the budget, the same tool still works.
  assert.equal((await post('/api/tree', chain(8))).status, 200);
});

test('20,000 permuted objects under uniqueItems pass to the handler without holding the event loop', async () => {
  // A timer that should fire while the request is checked: how much work was done between two of
  // its ticks is how long the loop was held. CPU time, not wall time: on a loaded 2-core machine the
  // same hold of ~300 ms of work took 2.5 s of wall time (the process waiting for a core).
  let worstLag = 0;
  let last = cpuMs();
  const ticker = setInterval(() => {
    const now = cpuMs();
    worstLag = Math.max(worstLag, now - last);
    last = now;
  }, 5);
  try {
    const response = await post('/api/rows', { rows: permutations(20_000) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ok: true });
  } finally {
    clearInterval(ticker);
  }
  assert.ok(worstLag < 2000, `the event loop was held for ${worstLag} ms of CPU`);
});
