// `npm run bench:startup`: start-up once the bytes are loaded, i.e. compile +
// instantiate the .wasm + createCompanion with the demo's tools, in Node and in
// headless Chromium. Prints the median and the best of 20 fresh starts.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createCompanion } from '../web/index.js';
import { sampleTools } from '../web/demo/sample-tools.mjs';
import { launchChromium } from '../tests/browser/support/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 20;
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms, best ${sorted[0].toFixed(2)} ms (${RUNS} fresh starts)`;
};

// Node: a new module instance each time (passing the bytes bypasses the shared one).
const bytes = await readFile(join(root, 'dist/realtime-companion-core.wasm'));
const nodeTimes = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools: sampleTools, wasm: new Uint8Array(bytes) });
  nodeTimes.push(performance.now() - started);
  companion.dispose();
}
console.log(`Node ${process.version}:      ${summary(nodeTimes)}`);

// Chromium: the page fetches the bytes first, then times the same thing.
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><title>startup</title>');
  }
  if (!/^\/(web|dist)\/[\w./-]+$/.test(path) || path.includes('..')) return res.writeHead(404).end();
  try {
    const body = await readFile(join(root, path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/`);
  const result = await page.evaluate(async ({ runs, tools }) => {
    const { createCompanion } = await import('/web/index.js');
    const bytes = await (await fetch('/dist/realtime-companion-core.wasm')).arrayBuffer();
    const times = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const companion = await createCompanion({ tools, wasm: bytes.slice(0) });
      times.push(performance.now() - started);
      companion.dispose();
    }
    // Streaming: compile while the bytes arrive (the default path), network on loopback included.
    const streamingStarted = performance.now();
    const streamed = await createCompanion({ tools, wasm: '/dist/realtime-companion-core.wasm' });
    const streaming = performance.now() - streamingStarted;
    streamed.dispose();
    return { times, streaming, agent: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] };
  }, { runs: RUNS, tools: sampleTools.map(({ route, ...rest }) => ({ ...rest, route })) });
  console.log(`${result.agent} (headless): ${summary(result.times)}`);
  console.log(`  streaming compile from the server (loopback), one start: ${result.streaming.toFixed(2)} ms`);
} finally {
  await browser.close();
  server.close();
}
