// A `wasm` option is loaded once per source, like the default: a companion, compileSchema and
// lintTools given the same source share one fetch, one compile and one instance (issue 13: each
// fetched and compiled it again, and a bundled page without the default URL fetched a 404 each time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';

import { createCompanion, compileSchema, lintTools } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';

const wasmBytes = await readFile(new URL('../../dist/realtime-companion-core.wasm', import.meta.url));
const tools = [{ type: 'function', name: 'ping', description: 'd', parameters: { type: 'object', properties: {} } }];

/** Serves the .wasm at /core.wasm; `failFirst` answers the first request with 500. */
async function wasmServer({ failFirst = false } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (failFirst && requests.length === 1) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasmBytes);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/core.wasm`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

test('createCompanion, compileSchema and lintTools given one wasm URL fetch it once', async () => {
  const server = await wasmServer();
  try {
    const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools, wasm: server.url });
    const validator = await compileSchema({ type: 'integer' }, { wasm: new URL(server.url) }); // a URL object: the same source
    const lint = await lintTools(tools, { wasm: server.url });
    assert.equal(validator.validate('1').valid, true);
    assert.deepEqual(lint.errors, []);
    assert.deepEqual(server.requests, ['/core.wasm']);
    validator.delete();
    companion.dispose();
  } finally {
    await server.close();
  }
});

test('a wasm URL that answered HTTP 500 is fetched again by the next call (a failure does not stick)', async () => {
  const server = await wasmServer({ failFirst: true });
  try {
    await assert.rejects(compileSchema({}, { wasm: server.url }), /HTTP 500/);
    const validator = await compileSchema({}, { wasm: server.url });
    assert.equal(validator.validate('{}').valid, true);
    assert.equal(server.requests.length, 2);
    validator.delete();
  } finally {
    await server.close();
  }
});

test('the same bytes or WebAssembly.Module give one instance; other bytes another', async () => {
  const bytes = new Uint8Array(wasmBytes);
  const [first, second] = await Promise.all([loadCore(bytes), loadCore(bytes)]);
  assert.equal(first, second);
  const module = await WebAssembly.compile(wasmBytes);
  assert.equal(await loadCore(module), await loadCore(module));
  assert.notEqual(await loadCore(new Uint8Array(wasmBytes)), first);
});

test('a wasm that is not a source is refused with a clear error', async () => {
  await assert.rejects(compileSchema({}, { wasm: 'core.wasm' }), /wasm "core.wasm" is not a URL/); // relative: Node has no page
  await assert.rejects(compileSchema({}, { wasm: 42 }), /wasm must be a URL, a string, bytes/);
});
