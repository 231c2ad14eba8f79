// An app under test (docs/testing.md): one origin serves the page, the package, DeepChat, the offer
// endpoint (the unified interface), the key endpoint and the tool's route. `baseURL` and `apiKey` are
// OpenAI's in production and the stand-in's in CI: the app reads them from its caller, nothing else
// changes. tests/testing/testing-recipe.browser.test.mjs runs it.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEphemeralKeyHandler, createRealtimeCallHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools } from './tools.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.resolve('realtime-companion')));
const deepChat = fileURLToPath(new URL('deepChat.bundle.js', import.meta.resolve('deep-chat')));
const files = { '/': join(here, 'page.html'), '/page.js': join(here, 'page.js'), '/tools.mjs': join(here, 'tools.mjs'), '/deep-chat.js': deepChat };
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** The page's files, and the package's web/, common/ and dist/ (which its import map names); null for anything else. */
function fileFor(pathname) {
  const inPackage = /^\/realtime-companion\/((?:web|common|dist)(?:\/[\w-][\w.-]*)+)$/.exec(pathname);
  return inPackage ? join(packageRoot, normalize(inPackage[1])) : files[pathname] ?? null;
}

/** @param {{ port?: number, baseURL?: string, apiKey?: string }} [options] */
export async function startApp({ port = 8080, baseURL, apiKey } = {}) {
  const server = http.createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  const settings = {
    allowedOrigins: [origin],
    baseURL, // the stand-in's in CI; undefined: OpenAI's
    apiKey, // undefined: OPENAI_API_KEY
    model: 'gpt-realtime',
    instructions: 'Use get_weather for weather questions.',
    tools, // the page's own list: the helpers strip routes before anything reaches OpenAI
  };
  const realtimeCall = createRealtimeCallHandler(settings);
  const ephemeralKey = createEphemeralKeyHandler(settings);
  const validateTools = await createToolMiddleware(tools);

  async function route(req, res) {
    const pathname = req.url.split('?', 1)[0];
    if (pathname === '/realtime/call') return realtimeCall(req, res);
    if (pathname === '/ephemeral-key') return ephemeralKey(req, res);
    if (pathname === '/api/get_weather') {
      if ((await validateTools(req, res)) !== 'valid') return res.writableEnded ? undefined : res.writeHead(404).end(); // a 4xx sent already
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ city: req.toolCall.arguments.city, celsius: 18 }));
    }
    const file = req.method === 'GET' ? fileFor(pathname) : null;
    if (!file) return res.writeHead(404).end();
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    return res.end(body);
  }
  server.on('request', (req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return {
    url: `${origin}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
