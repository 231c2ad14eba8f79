#!/usr/bin/env node
// The demo (`npm start`): a DeepChat voice page wired through the companion, its key endpoint
// (`createEphemeralKeyHandler`) and its two sample tools, on 127.0.0.1.
//
// - OPENAI_API_KEY set: keys are minted by OpenAI (GA `/v1/realtime/client_secrets`) and the page
//   talks to the OpenAI Realtime service (`/v1/realtime/calls`).
// - Not set (the default): OFFLINE. The server starts two local stand-ins from testing/,
//   which speak today's GA interface only: the REST one mints keys, the WebRTC one answers the SDP
//   offer with a scripted model. The page is labelled offline, and only then re-routes DeepChat's
//   SDP POST to the local stand-in.
// - `/realtime/call` is the unified interface (`createRealtimeCallHandler`): the page opened with
//   `?offer=server` sends DeepChat's offer there and holds no key at all.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEphemeralKeyHandler, createRealtimeCallHandler, createToolSetHandler } from '../../server/index.js';
import { sampleTools, answerSampleTool } from './sample-tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// Only these are served: the page, the package's JS and WASM, and DeepChat's own bundle.
const servedFolders = ['examples/demo', 'web', 'common', 'dist'];
const servedFiles = ['node_modules/deep-chat/dist/deepChat.bundle.js'];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};
const INSTRUCTIONS = 'You are the realtime-companion demo. Use get_weather for weather questions and book_table to book restaurant tables.';

async function serveFile(res, urlPath) {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^[/\\]+/, '');
  const path = relative.split(sep).join('/');
  if (!servedFolders.some((folder) => path.startsWith(`${folder}/`)) && !servedFiles.includes(path)) return false;
  try {
    const body = await readFile(join(root, relative));
    res.writeHead(200, { 'content-type': types[extname(relative)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

const json = (res, status, value) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
};

/**
 * @param {object} [options]
 * @param {number} [options.port] default 8080; 0 for any free port
 * @param {string} [options.apiKey] default `process.env.OPENAI_API_KEY`; none → offline
 * @param {() => number} [options.now] the offline key stand-in's clock (tests move it past expiry)
 * @param {number} [options.toolTimeoutMs] overrides every sample route's timeout (tests)
 * @param {object | false} [options.rateLimit] the key endpoint's; default `{ perMinute: 20, burst: 5 }`
 * @param {number} [options.keyLifetimeSeconds] the keys' lifetime, 10-7200 s (default 60; tests shorten it)
 * @param {object} [options.pageKeyOptions] the page companion's `keys` options (tests shorten retries)
 */
export async function startDemoServer({ port = 8080, host = '127.0.0.1', apiKey = process.env.OPENAI_API_KEY, now, toolTimeoutMs,
  rateLimit = { perMinute: 30, burst: 10 }, keyLifetimeSeconds, pageKeyOptions = {} } = {}) {
  const offline = !apiKey;
  // The page's tools, compiled once here: the page loads the set on the browser core and never
  // downloads the compiler. Served under its hash, so a browser caches it until the tools change.
  const pageTools = toolTimeoutMs ? sampleTools.map((t) => (t.route ? { ...t, route: { ...t.route, timeoutMs: toolTimeoutMs } } : t)) : sampleTools;
  const toolSet = createToolSetHandler(pageTools, { path: '/tools.rct' });
  await toolSet.ready; // the demo starts only with a set it can serve (its url names the hash)
  let upstream = null;
  let realtime = null;
  if (offline) {
    // Test helpers, imported only when offline: a deployment with a key never loads them.
    const { startRestStandIn } = await import('../../testing/openai-rest.js');
    const { startRealtimeStandIn } = await import('../../testing/realtime-webrtc.js');
    upstream = await startRestStandIn(now ? { now } : {});
    realtime = await startRealtimeStandIn({ isValidKey: (key) => upstream.isValidKey(key), describeKey: (key) => upstream.issued.get(key)?.session,
      masterKey: upstream.masterKey });
    upstream.serveRealtime(realtime.origin); // one origin for keys and calls, as at OpenAI
  }
  /** What the key endpoint decided, newest last (no keys: `key_id` is a hash prefix). */
  const audit = [];
  /** The next tool request misbehaves once: 'http_500' | 'stall' | 'text' | 'slow' (3 s, then answers). */
  const toolFaults = { next: null };
  let keyHandler = null;
  let callHandler = null;
  const stalled = new Set();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/examples/demo/' });
      return res.end();
    }
    if (url.pathname === '/examples/demo/') url.pathname = '/examples/demo/index.html';
    if (url.pathname === '/ephemeral-key') return keyHandler(req, res);
    if (url.pathname === '/realtime/call') return callHandler(req, res);
    if (url.pathname === '/tools.rct') return toolSet(req, res);
    if (url.pathname === '/api/config') {
      return json(res, 200, { mode: offline ? 'offline' : 'online', realtimeOrigin: realtime?.origin ?? null, keys: pageKeyOptions,
        toolSet: toolSet.url });
    }
    if (url.pathname === '/api/key-audit') return json(res, 200, audit.slice(-20));
    if (url.pathname.startsWith('/api/') && toolFaults.next) {
      const fault = toolFaults.next;
      toolFaults.next = null;
      if (fault === 'stall') return stalled.add(res); // never answers; the route's timeout fires
      if (fault === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        if (await answerSampleTool(req, res, url)) return;
      }
      if (fault === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('plain words from the backend');
      }
      res.writeHead(500, { 'content-type': 'text/html' });
      return res.end('<h1>500 Internal Server Error</h1>');
    }
    if (url.pathname.startsWith('/api/') && (await answerSampleTool(req, res, url))) return;
    if (req.method === 'GET' && (await serveFile(res, url.pathname))) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  }).catch(async (error) => {
    await Promise.all([upstream?.close(), realtime?.close()]);
    throw error;
  });
  const actualPort = server.address().port;
  const origin = `http://${host}:${actualPort}`;

  const settings = {
    allowedOrigins: [origin, `http://localhost:${actualPort}`],
    apiKey: offline ? upstream.masterKey : apiKey,
    ...(offline ? { baseURL: upstream.baseURL } : {}),
    model: 'gpt-realtime',
    instructions: INSTRUCTIONS,
    tools: sampleTools, // the page's list as it is: the model learns the tools without their routes
    rateLimit,
    audit: (record) => audit.push(record),
  };
  keyHandler = createEphemeralKeyHandler({ ...settings, expiresAfterSeconds: keyLifetimeSeconds ?? 60 });
  callHandler = createRealtimeCallHandler(settings);

  return {
    server,
    url: `${origin}/`,
    offline,
    /** Offline only: the REST stand-in (keys) and the WebRTC stand-in (sessions). */
    upstream,
    realtime,
    audit,
    toolFaults,
    /** The compiled tool set the page loads: its hash and URL. */
    toolSet: { hash: toolSet.hash, url: toolSet.url },
    async close() {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await Promise.all([new Promise((resolve) => server.close(resolve)), upstream?.close(), realtime?.close()]);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const demo = await startDemoServer({ port }).catch((error) => {
    console.error(`demo: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); set PORT to another port`);
    process.exit(1);
  });
  console.log(`realtime-companion demo: ${demo.url}  (${demo.offline
    ? 'OFFLINE: no OPENAI_API_KEY, a local stand-in model answers'
    : 'online: OpenAI Realtime'}; Ctrl+C to stop)`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
