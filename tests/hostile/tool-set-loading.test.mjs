// A toolSet URL or Response read without bounds: an endless chunked answer was
// read to 400 MiB before the 4 MiB check, a gzip answer decoded to 256 MiB, an
// endless Response pulled to 300 MiB, a silent server hung with no deadline,
// and a redirect to another origin loaded that origin's tools. Now one reader
// stops at 4 MiB (counted after decoding), within one deadline, on the same
// origin (common/tool-set-source.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createGzip } from 'node:zlib';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { createToolSetHandler } from '../../server/index.js';
import { MAX_TOOL_SET_BYTES, readToolSet } from '../../common/tool-set-source.js';

const MiB = 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(0x52);
// What may be read past the bound: the chunk that crosses it and what the stream queued ahead.
const SLACK = 4 * MiB;

let setHandler;
let origin;
let other;
let server;
let otherServer;
const otherHits = [];
const sockets = new Set();

// Counts the bytes a body gives after decoding, as the reader pulls them.
function countingFetch(counter) {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (!response.body) return response;
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, controller) {
        counter.bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }, { highWaterMark: 1 }, { highWaterMark: 1 }));
    const wrapped = new Response(counted, { status: response.status, headers: response.headers });
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  };
}

function endless(res) {
  const write = () => {
    while (!res.destroyed && res.write(CHUNK));
    if (!res.destroyed) res.once('drain', write);
  };
  res.on('error', () => {});
  write();
}

before(async () => {
  setHandler = createToolSetHandler([{ type: 'function', name: 'echo', parameters: { type: 'object' } }]);
  await setHandler.ready;
  server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (path === '/tools.rct') return setHandler(req, res);
    if (path === '/moved') return res.writeHead(302, { Location: '/tools.rct' }).end();
    if (path === '/elsewhere') return res.writeHead(302, { Location: `${other}/tools.rct` }).end();
    if (path === '/endless') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }); // chunked: no length
      return endless(res);
    }
    if (path === '/gzip-bomb') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      const zeros = new Uint8Array(MiB);
      const write = () => {
        while (!res.destroyed && gzip.write(zeros));
        if (!res.destroyed) gzip.once('drain', write);
      };
      res.on('close', () => gzip.destroy());
      return write();
    }
    if (path === '/declared-gigabyte') {
      res.writeHead(200, { 'Content-Length': String(1024 * MiB) });
      return endless(res);
    }
    if (path === '/silent-body') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      return res.write(CHUNK.subarray(0, 10)); // then nothing, ever
    }
    if (path === '/silent') return undefined; // never answers
    res.writeHead(404).end();
  });
  server.on('connection', (socket) => sockets.add(socket));
  otherServer = http.createServer((req, res) => {
    otherHits.push(req.url);
    setHandler(req, res);
  });
  await Promise.all([server, otherServer].map((s) => new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))));
  origin = `http://127.0.0.1:${server.address().port}`;
  other = `http://127.0.0.1:${otherServer.address().port}`;
});

after(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([server, otherServer].map((s) => new Promise((resolve) => s.close(resolve))));
});

const refusal = (pattern) => (error) => {
  assert.ok(error instanceof CompanionConfigError, `${error?.constructor?.name}: ${error?.message}`);
  assert.match(error.message, pattern);
  return true;
};

test('an endless chunked answer is cut at 4 MiB, not buffered', async () => {
  const counter = { bytes: 0 };
  await assert.rejects(
    createCompanion({ baseUrl: origin, toolSet: `${origin}/endless`, fetch: countingFetch(counter) }),
    refusal(/larger than 4194304 bytes/),
  );
  assert.ok(counter.bytes > MAX_TOOL_SET_BYTES && counter.bytes <= MAX_TOOL_SET_BYTES + SLACK, `${counter.bytes} bytes read`);
});

test('a gzip bomb (Content-Encoding: gzip of endless zeros) is cut at 4 MiB after decoding', async () => {
  const counter = { bytes: 0 };
  await assert.rejects(
    createCompanion({ baseUrl: origin, toolSet: `${origin}/gzip-bomb`, fetch: countingFetch(counter) }),
    refusal(/larger than 4194304 bytes/),
  );
  assert.ok(counter.bytes <= MAX_TOOL_SET_BYTES + SLACK, `${counter.bytes} bytes decoded`);
});

test('a declared Content-Length past 4 MiB is refused before the body is read', async () => {
  const counter = { bytes: 0 };
  await assert.rejects(
    createCompanion({ baseUrl: origin, toolSet: `${origin}/declared-gigabyte`, fetch: countingFetch(counter) }),
    refusal(/larger than 4194304 bytes/),
  );
  assert.ok(counter.bytes <= SLACK, `${counter.bytes} bytes read`);
});

test('an endless Response stream is pulled to 4 MiB and cancelled', async () => {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream({
    pull(controller) {
      pulled += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  await assert.rejects(createCompanion({ baseUrl: origin, toolSet: new Response(body) }), refusal(/larger than 4194304 bytes/));
  assert.ok(pulled <= MAX_TOOL_SET_BYTES + 2 * CHUNK.byteLength, `${pulled} bytes pulled`);
  assert.ok(cancelled);
});

test('a server that never answers is given up on at the deadline', async () => {
  const started = performance.now();
  await assert.rejects(readToolSet(`${origin}/silent`, fetch, { timeoutMs: 300 }), refusal(/within 300 ms/));
  assert.ok(performance.now() - started < 3000);
});

test('a body that stops halfway is given up on at the deadline', async () => {
  await assert.rejects(readToolSet(`${origin}/silent-body`, fetch, { timeoutMs: 300 }), refusal(/within 300 ms/));
});

test('a Response whose stream never yields is given up on at the deadline', async () => {
  const never = new Response(new ReadableStream({ pull: () => new Promise(() => {}) }));
  await assert.rejects(readToolSet(never, fetch, { timeoutMs: 300 }), refusal(/within 300 ms/));
});

test('createCompanion gives up on a silent server after its 10 s deadline', async () => {
  const started = performance.now();
  await assert.rejects(createCompanion({ baseUrl: origin, toolSet: `${origin}/silent` }), refusal(/within 10000 ms/));
  const took = performance.now() - started;
  assert.ok(took >= 9_500 && took < 15_000, `${took} ms`);
});

test('a redirect to another origin is refused, and that origin is never asked', async () => {
  otherHits.length = 0;
  await assert.rejects(
    createCompanion({ baseUrl: origin, toolSet: `${origin}/elsewhere` }),
    refusal(/redirects to another origin \(http:\/\/127\.0\.0\.1:\d+\): a toolSet URL follows same-origin redirects only/),
  );
  assert.deepEqual(otherHits, []);
});

test('a fetch that follows a redirect to another origin itself is refused too', async () => {
  const following = (url, init) => fetch(url, { ...init, redirect: 'follow' });
  await assert.rejects(createCompanion({ baseUrl: origin, toolSet: `${origin}/elsewhere`, fetch: following }), refusal(/another origin/));
});

test('a redirect on the same origin is followed', async () => {
  const companion = await createCompanion({ baseUrl: origin, toolSet: `${origin}/moved` });
  assert.deepEqual(companion.tools.map((t) => t.name), ['echo']);
  companion.dispose();
});

test('a set from another origin loads when the page names that origin itself', async () => {
  const companion = await createCompanion({ baseUrl: origin, toolSet: `${other}/tools.rct` });
  assert.deepEqual(companion.tools.map((t) => t.name), ['echo']);
  companion.dispose();
});
