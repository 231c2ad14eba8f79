// The compiled tool set end to end under Node: compiled by the server (and the CLI), served by
// createToolSetHandler on 127.0.0.1, loaded by createCompanion({ toolSet }) on the browser core,
// and refused, with a CompanionConfigError that says why, when it is truncated, tampered or foreign.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { loadBrowserCore, loadCore } from '../../common/load-core.js';
import { compileToolSet, createToolSetHandler } from '../../server/index.js';
import { compileWith } from '../../common/tool-set.js';
import { heapUsedBytes } from '../../common/wire.js';
import { startBackend } from '../support/test-backend.mjs';

const tools = [
  {
    type: 'function', name: 'echo', description: 'Echoes its arguments',
    parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string', pattern: '^[A-Z][a-z]+$' }, when: { type: 'string', format: 'date' } } },
    route: { method: 'POST' },
  },
  { type: 'function', name: 'json' }, // no description: a lint warning
];
const valid = { name: 'echo', arguments: '{"city":"Oslo","when":"2026-12-03"}' };
const invalid = { name: 'echo', arguments: '{"city":"oslo","when":"2026-13-03"}' };

let backend;
let setServer;
let handler;
let setOrigin;

before(async () => {
  backend = await startBackend();
  handler = createToolSetHandler({ tools, validation: { maxErrors: 5 } });
  await handler.ready;
  setServer = http.createServer((req, res) => {
    if (req.url.startsWith('/tools.rct')) return handler(req, res);
    if (req.url === '/not-a-set') return res.end('{"tools":[]}');
    if (req.url === '/huge') {
      res.writeHead(200, { 'Content-Length': String(64 * 1024 * 1024) });
      return res.write('RCTS');
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => setServer.listen(0, '127.0.0.1', resolve));
  setOrigin = `http://127.0.0.1:${setServer.address().port}`;
});
after(async () => {
  await backend.close();
  setServer.closeAllConnections();
  await new Promise((resolve) => setServer.close(resolve));
});

async function answers(companion) {
  try {
    return [await companion.functionHandler(valid), await companion.functionHandler(invalid)];
  } finally {
    companion.dispose();
  }
}

test('a set served by createToolSetHandler calls tools exactly as the raw tools do', async () => {
  const raw = await createCompanion({ baseUrl: backend.origin, tools, validation: { maxErrors: 5 } });
  const compiled = await createCompanion({ baseUrl: backend.origin, toolSet: `${setOrigin}${handler.url}` });
  assert.deepEqual(compiled.tools, raw.tools);
  assert.deepEqual(compiled.warnings, raw.warnings);
  assert.ok(compiled.warnings.some((w) => w.tool === 'json'), 'the lint warning travels in the set');
  const [fromRaw, fromSet] = [await answers(raw), await answers(compiled)];
  assert.deepEqual(fromSet, fromRaw);
  assert.deepEqual(JSON.parse(fromSet[0].body), { city: 'Oslo', when: '2026-12-03' }, 'the valid call reached the backend');
  assert.equal(fromSet[1].error.code, 'invalid_arguments');
  assert.equal(fromSet[1].error.errors.length, 2, 'the pattern and the format, both compiled into the set');
});

test('the handler: strong ETag, 304, immutable only under its hash, GET and HEAD only', async () => {
  const plain = await fetch(`${setOrigin}/tools.rct`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('etag'), `"${handler.hash}"`);
  assert.equal(plain.headers.get('cache-control'), 'no-cache');
  assert.deepEqual(new Uint8Array(await plain.arrayBuffer()), handler.bytes);
  const versioned = await fetch(`${setOrigin}${handler.url}`);
  assert.match(versioned.headers.get('cache-control'), /max-age=31536000, immutable/);
  await versioned.arrayBuffer();
  const stale = await fetch(`${setOrigin}/tools.rct?v=0000`);
  assert.equal(stale.headers.get('cache-control'), 'no-cache', 'another version is not cached forever');
  await stale.arrayBuffer();
  const again = await fetch(`${setOrigin}/tools.rct`, { headers: { 'If-None-Match': `W/"x", "${handler.hash}"` } });
  assert.equal(again.status, 304);
  const changed = await fetch(`${setOrigin}/tools.rct`, { headers: { 'If-None-Match': '"another"' } });
  assert.equal(changed.status, 200);
  await changed.arrayBuffer();
  const post = await fetch(`${setOrigin}/tools.rct`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  await post.arrayBuffer();
});

test('the same tools give the same set and hash; other tools another', async () => {
  const a = await compileToolSet({ tools, validation: { maxErrors: 5 } });
  assert.equal(a.hash, handler.hash);
  assert.deepEqual(a.bytes, handler.bytes);
  assert.notEqual((await compileToolSet(tools)).hash, a.hash, 'maxErrors is part of the set');
  assert.match(a.hash, /^[0-9a-f]{64}$/);
});

test('toolSet takes bytes, an ArrayBuffer, a view, a Response and a file URL', async () => {
  const { bytes } = await compileToolSet(tools);
  const dir = await mkdtemp(join(tmpdir(), 'rc-set-'));
  await writeFile(join(dir, 'tools.rct'), bytes);
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  for (const toolSet of [bytes, bytes.slice().buffer, new DataView(padded.buffer, 4, bytes.length),
    new Response(bytes), pathToFileURL(join(dir, 'tools.rct'))]) {
    const companion = await createCompanion({ baseUrl: backend.origin, toolSet });
    const [ok] = await answers(companion);
    assert.equal(ok.method, 'POST', String(toolSet?.constructor?.name));
  }
});

test('a truncated, tampered, foreign or unreachable set is refused with a reason', async () => {
  const { bytes } = await compileToolSet(tools);
  const refusal = async (toolSet, pattern) => {
    await assert.rejects(createCompanion({ baseUrl: backend.origin, toolSet }), (error) => {
      assert.ok(error instanceof CompanionConfigError, error.stack);
      assert.match(error.message, pattern);
      return true;
    });
  };
  await refusal(bytes.subarray(0, bytes.length - 1), /truncated/);
  await refusal(bytes.subarray(0, 20), /not a compiled tool set|truncated/);
  const tampered = bytes.slice();
  tampered[tampered.length - 3] ^= 0x20;
  await refusal(tampered, /SHA-256/);
  const newer = bytes.slice();
  newer[4] = 9;
  await refusal(newer, /version 9/);
  await refusal(new TextEncoder().encode('{"tools":[]}'), /not a compiled tool set/);
  await refusal(`${setOrigin}/not-a-set`, /not a compiled tool set/);
  await refusal(`${setOrigin}/missing.rct`, /HTTP 404/);
  await refusal(`${setOrigin}/huge`, /larger than/);
  await refusal('http://127.0.0.1:1/tools.rct', /could not load the tool set/);
  await refusal(42, /toolSet must be/);
  await assert.rejects(createCompanion({ baseUrl: backend.origin, toolSet: bytes, tools }), /either tools or toolSet/);
  await assert.rejects(createCompanion({ baseUrl: backend.origin, toolSet: bytes, validation: {} }), /compiled into the tool set/);
});

test('compiling frees what it made: 50 compilations, refused or not, leave the heap where it was', async () => {
  const compiler = await loadCore();
  compileWith(compiler, { tools }); // the first one grows the allocator's pools
  const before = heapUsedBytes(compiler);
  for (let i = 0; i < 25; i++) {
    const { bytes, hash } = compileWith(compiler, { tools });
    assert.ok(bytes instanceof Uint8Array && bytes.length > 16 && /^[0-9a-f]{64}$/.test(hash));
    assert.throws(() => compileWith(compiler, { tools: [{ name: 'no spaces allowed' }] }), CompanionConfigError);
  }
  assert.ok(heapUsedBytes(compiler) - before < 4096, `the heap grew by ${heapUsedBytes(compiler) - before} B`);
});

test('the browser core holds no compiler: no schemas, lint, tool compiling or request matching', async () => {
  const browser = await loadBrowserCore();
  const compiler = await loadCore();
  for (const name of ['ToolSetCompilation', 'CoreSchema', 'lintTools', 'ToolRequestMatcher']) {
    assert.equal(typeof compiler[name], 'function', `the compiler has ${name}`);
    assert.equal(browser[name], undefined, `the browser core lacks ${name}`);
  }
  assert.equal(typeof browser._rc_router_new, 'function');
  assert.equal(browser.CoreRouter, undefined, 'the browser core has no embind classes');
});

test('CLI: compile writes a set the browser loads; refused tools exit 1, bad usage 2', async () => {
  const cli = new URL('../../bin/realtime-companion.js', import.meta.url).pathname;
  const run = (...args) => promisify(execFile)(process.execPath, [cli, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  const dir = await mkdtemp(join(tmpdir(), 'rc-cli-'));
  await writeFile(join(dir, 'tools.json'), JSON.stringify({ tools, validation: { maxErrors: 5 } }));
  const ok = await run('compile', join(dir, 'tools.json'), '-o', join(dir, 'tools.rct'));
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`2 tools, sha256 ${handler.hash}`), 'the CLI and the handler are the same compiler');
  assert.deepEqual(new Uint8Array(await readFile(join(dir, 'tools.rct'))), handler.bytes);

  await writeFile(join(dir, 'bad.json'), JSON.stringify([{ name: 'bad name' }]));
  const refused = await run('compile', join(dir, 'bad.json'), '-o', join(dir, 'bad.rct'));
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /tool "bad name" at \/name/);
  await writeFile(join(dir, 'broken.json'), '[{');
  assert.equal((await run('compile', join(dir, 'broken.json'), '-o', join(dir, 'x.rct'))).code, 2);
  assert.equal((await run('compile', join(dir, 'tools.json'))).code, 2);
  assert.equal((await run('build')).code, 2);
});
