// createToolSetHandler mounted where it is made, as users write it
// (`http.createServer(createToolSetHandler(tools))`): it returns a handler at once, a request that
// comes before the set is compiled waits for it, and a refused list is never served. The compiler's
// .wasm comes from a real 127.0.0.1 server that the test holds back, so "before it is ready" is
// a fact of the test, not a race. The list is the one the page and the server share: the server's
// tools (a `handler`) are not in the set, and a browser core loads what is served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import express from 'express';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { createToolSetHandler } from '../../server/index.js';

const wasmBytes = await readFile(new URL('../../dist/realtime-companion-core.wasm', import.meta.url));
const WEATHER = { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, route: { method: 'GET' } };
const ORDERS = { type: 'function', name: 'lookup_order', description: 'An order', parameters: { type: 'object' }, handler: async () => ({}) };

/** Serves the compiler's .wasm, each at its own path, once `release(path)` is called. */
let wasmServer;
let wasmOrigin;
const held = new Map();
const release = (path) => held.get(path)?.();

before(async () => {
  wasmServer = http.createServer((req, res) => {
    const send = () => res.writeHead(200, { 'Content-Type': 'application/wasm' }).end(wasmBytes);
    held.set(req.url, send);
  });
  await new Promise((resolve) => wasmServer.listen(0, '127.0.0.1', resolve));
  wasmOrigin = `http://127.0.0.1:${wasmServer.address().port}`;
});
after(async () => {
  wasmServer.closeAllConnections();
  await new Promise((resolve) => wasmServer.close(resolve));
});

/** `http.createServer(handler)` on 127.0.0.1: the handler as the listener itself. */
async function serve(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const waitFor = async (predicate, what) => {
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) if (predicate()) return;
  throw new Error(`no ${what} within 5 s`);
};

test('a handler made in place answers a request that came before the set was compiled, once it is', async () => {
  const handler = createToolSetHandler([WEATHER, ORDERS], { wasm: `${wasmOrigin}/slow.wasm` });
  assert.equal(typeof handler, 'function', 'a handler, not a promise');
  assert.throws(() => handler.url, /createToolSetHandler: the set is not compiled yet; read url from `await handler.ready`/);
  const site = await serve(handler);
  try {
    let answered = false;
    const early = fetch(`${site.origin}/tools.rct`).then((r) => ((answered = true), r));
    await waitFor(() => held.has('/slow.wasm'), 'request for the .wasm');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(answered, false, 'the request waits while the compiler is not loaded');

    release('/slow.wasm');
    const set = await handler.ready;
    const response = await early;
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), `"${set.hash}"`);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), set.bytes);
    assert.equal(handler.url, `/tools.rct?v=${set.hash}`);
    assert.equal(handler.hash, set.hash);

    const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: `${site.origin}${handler.url}` });
    try {
      assert.deepEqual(companion.tools.map((t) => t.name), ['get_weather'], 'the server\'s tool is not the page\'s');
    } finally {
      companion.dispose();
    }
  } finally {
    await site.close();
  }
});

test('tools the compiler refuses: ready rejects naming the tool, every request is 500, and stderr says why', async () => {
  const logged = [];
  const { error } = console;
  console.error = (...args) => logged.push(args.join(' '));
  let site;
  try {
    const handler = createToolSetHandler([{ ...WEATHER, parameters: { type: 'array' } }], { wasm: `${wasmOrigin}/refused.wasm` });
    site = await serve(handler);
    const early = fetch(`${site.origin}/tools.rct`);
    await waitFor(() => held.has('/refused.wasm'), 'request for the .wasm');
    release('/refused.wasm');
    await assert.rejects(handler.ready, (e) => e instanceof CompanionConfigError && /get_weather/.test(e.message));
    for (const response of [await early, await fetch(`${site.origin}/tools.rct`)]) {
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.doesNotMatch(await response.text(), /get_weather/, 'the refusal stays on the server');
    }
    assert.throws(() => handler.hash, /not compiled yet \(it was refused\)/);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^createToolSetHandler serves no tool set: .*get_weather/s);
  } finally {
    console.error = error;
    await site?.close();
  }
});

test('what a look at the list refuses throws where the handler is made', () => {
  assert.throws(() => createToolSetHandler({ tool: [WEATHER] }), /createToolSetHandler: the tools must be an array, or \{ tools: \[\.\.\.\], validation \}/);
  assert.throws(() => createToolSetHandler([{ ...WEATHER, needsApproval: () => true }]),
    /createToolSetHandler: tool get_weather: `needsApproval` is a function, which a compiled set cannot hold \(it is JSON\); give true or false/);
});

test("express, as users write it: app.get('/tools.rct', createToolSetHandler(tools))", async () => {
  const app = express();
  app.get('/tools.rct', createToolSetHandler([WEATHER]));
  const site = await serve(app);
  try {
    const response = await fetch(`${site.origin}/tools.rct`);
    assert.equal(response.status, 200);
    const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: new Uint8Array(await response.arrayBuffer()) });
    companion.dispose();
  } finally {
    await site.close();
  }
});
