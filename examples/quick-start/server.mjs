#!/usr/bin/env node
// The README's DeepChat quick start, the server half: `OPENAI_API_KEY=sk-… node examples/quick-start/server.mjs`,
// then open http://127.0.0.1:8080/ (PORT to change). One origin serves the page, the package,
// DeepChat, the key endpoint, the offer endpoint and the tool endpoint. The tests run this file
// against local stand-ins of OpenAI (OPENAI_BASE_URL), with deep-chat 2.4.2 and 2.5.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEphemeralKeyHandler, createRealtimeCallHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools } from './tools.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.resolve('realtime-companion')));
const defaultDeepChat = fileURLToPath(new URL('deepChat.bundle.js', import.meta.resolve('deep-chat')));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** A stable pseudo-temperature per city: the example needs no weather service. */
function answerTool({ name, arguments: args }, res) {
  const city = String(args.city);
  const celsius = 5 + ([...city].reduce((h, ch) => (h * 31 + ch.codePointAt(0)) >>> 0, 0) % 25);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ tool: name, city, celsius }));
}

/** The page, its script, the package's web/, common/ and dist/, and DeepChat's bundle; nothing else. */
async function serveStatic(pathname, res, deepChat) {
  const files = { '/': join(here, 'index.html'), '/page.js': join(here, 'page.js'), '/tools.mjs': join(here, 'tools.mjs'), '/deep-chat.js': deepChat };
  let file = files[pathname];
  const inPackage = /^\/realtime-companion\/((?:web|common|dist)(?:\/[\w-][\w.-]*)+)$/.exec(pathname);
  if (inPackage) file = join(packageRoot, normalize(inPackage[1]));
  if (!file) return false;
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {{ port?: number, host?: string, deepChat?: string }} [options] `deepChat`: the path of a
 *   DeepChat bundle (default: the installed deep-chat's `dist/deepChat.bundle.js`)
 */
export async function startQuickStart({ port = 8080, host = '127.0.0.1', deepChat = defaultDeepChat } = {}) {
  const server = http.createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const pageOrigin = `http://${host}:${server.address().port}`;

  const settings = {
    allowedOrigins: [pageOrigin],
    model: 'gpt-realtime',
    instructions: 'Use get_weather for weather questions.',
    tools, // the model learns the tools from the session (OpenAI gets them without their routes)
  };
  const ephemeralKey = createEphemeralKeyHandler(settings); // GET /ephemeral-key → { value, expires_at, model }
  const realtimeCall = createRealtimeCallHandler(settings); // POST /realtime/call: the unified interface
  const validateTools = await createToolMiddleware(tools); // the same schemas, checked on the server too

  async function route(req, res) {
    const pathname = req.url.split('?', 1)[0]; // the raw target: new URL() throws on some (//[/x)
    if (pathname === '/ephemeral-key') return ephemeralKey(req, res);
    if (pathname === '/realtime/call') return realtimeCall(req, res);
    if (pathname.startsWith('/api/')) {
      if ((await validateTools(req, res)) === 'valid') return answerTool(req.toolCall, res);
      if (res.writableEnded) return undefined; // refused with a 4xx by the middleware
    }
    if (req.method === 'GET' && (await serveStatic(pathname, res, deepChat))) return undefined;
    res.writeHead(404).end();
  }
  server.on('request', (req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return { server, url: `${pageOrigin}/`, close };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startQuickStart({ port: Number(process.env.PORT ?? 8080) });
  console.log(`quick start: ${url}`);
}
