#!/usr/bin/env node
// The demo (`npm start`): serves the package to a browser page and answers
// the sample tools, all on 127.0.0.1 and offline.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { sampleTools, answerSampleTool } from './sample-tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// Only these folders are served: the page, the package's JS and its WASM.
const servedFolders = ['web', 'dist'];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

async function serveFile(res, urlPath) {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^[/\\]+/, '');
  if (!servedFolders.includes(relative.split(sep)[0])) return false;
  try {
    const body = await readFile(join(root, relative));
    res.writeHead(200, { 'content-type': types[extname(relative)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

export function startDemoServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/web/demo/' });
      return res.end();
    }
    if (url.pathname === '/web/demo/') url.pathname = '/web/demo/index.html';
    if (url.pathname === '/api/tools') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(sampleTools));
    }
    if (url.pathname.startsWith('/api/') && (await answerSampleTool(req, res, url))) return;
    if (req.method === 'GET' && (await serveFile(res, url.pathname))) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ server, url: `http://${host}:${address.port}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const { url } = await startDemoServer({ port }).catch((error) => {
    console.error(`demo: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}); set PORT to another port`);
    process.exit(1);
  });
  console.log(`realtime-companion demo: ${url}  (offline; Ctrl+C to stop)`);
}
