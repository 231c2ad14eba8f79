// Pages built from the PACKED tarball with Vite (build and dev server), webpack, esbuild and Rollup,
// following the README's "Bundlers" recipes (its marked blocks are the page code, the esbuild
// command and the Rollup config), and the README's React component built with Vite; each served
// on 127.0.0.1 and run in Chromium (issue 13: esbuild left the .wasm's URL unresolved, a 404).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import * as vite from 'vite';
import webpack from 'webpack';

import { launchChromium } from '../support/chromium.mjs';
import { packedApp, root } from '../package/support/packed-app.mjs';
import { readmeBlocksOf } from '../types/readme-blocks.mjs';

const run = promisify(execFile);
const esbuild = join(root, 'node_modules/.bin/esbuild');
const pages = join(root, 'tests/bundlers/pages');
const source = (file) => readFileSync(join(pages, file), 'utf8');
const readme = readmeBlocksOf('bundlers');
const weather = (city) => ({ city, temperature: 21 });

let project;
let server;
let browser;

const html = (script) => `<!doctype html><meta charset="utf-8"><div id="root"></div><script type="module" src="./${script}"></script>\n`;

/** A page's own folder in the app holding `files`, and an index.html loading `script` (Vite's entry). */
function pageFolder(name, files, script = 'page.js') {
  const dir = join(project.app, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries({ ...files, 'index.html': html(script) })) writeFileSync(join(dir, file), text);
  return dir;
}
const withReport = (code) => `${source('prelude.js')}\n${code}\n${source('report.js')}`;

before(async () => {
  project = packedApp({ link: ['@rollup/plugin-node-resolve', '@rollup/plugin-url', 'react', 'react-dom', 'deep-chat-react'] });
  server = await serveBuilds(project.app);
  browser = await launchChromium();
  // DeepChat asks for a web font; nothing may leave 127.0.0.1.
  await browser.context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  project?.close();
});

/** Opens `url`, waits for window.result; returns it with the page's .wasm and script requests and errors. */
async function runPage(url) {
  const page = await browser.context.newPage();
  const wasmRequests = [];
  const scriptRequests = [];
  const errors = [];
  const wasmSizes = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
    if (/\.m?js$/.test(new URL(request.url()).pathname)) scriptRequests.push(request.url());
  });
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasmSizes.push(response.body().then((body) => body.length, () => -1));
  });
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(url);
    const result = await page.waitForFunction(() => window.result, null, { timeout: 15_000 })
      .then((handle) => handle.jsonValue(), (error) => ({ timedOut: error.message, errors }));
    return { result, wasmRequests, wasmSizes: await Promise.all(wasmSizes), scriptRequests, errors };
  } finally {
    await page.close();
  }
}

function assertToolCallPage({ result, wasmRequests, errors }) {
  assert.deepEqual(errors, []);
  assert.deepEqual(result.call, weather('Paris'));
  assert.equal(result.invalid.error?.code, 'invalid_arguments');
  assert.deepEqual(result.validates, [true, false]);
  assert.equal(result.warnings, 0);
  assert.equal(wasmRequests.length, 1, `the .wasm is loaded once (createCompanion, compileSchema, lintTools), the key piece never: ${wasmRequests.join(', ')}`);
}

const withKeyReport = (code) => `${source('prelude.js')}\n${code}\n${source('keys-report.js')}`;

// Bundlers rename the files (by hash); the key piece's .wasm is known by its size.
const keyPieceBytes = readFileSync(join(root, 'dist/realtime-companion-keys.wasm')).length;

/** A key page: the key piece's .wasm fetched once, the companion there before it, a key and a tool call. */
function assertKeyPage({ result, wasmRequests, wasmSizes, errors }) {
  assert.deepEqual(errors, []);
  assert.equal(result.before, 'loading', 'createCompanion did not wait for the key piece');
  assert.equal(result.key, 'ek_test');
  assert.equal(result.handedOut, 1);
  assert.deepEqual(result.call, weather('Paris'));
  assert.equal(wasmRequests.length, 2, wasmRequests.join(', '));
  assert.equal(wasmSizes.filter((size) => size === keyPieceBytes).length, 1, `${wasmSizes.join(', ')} B: the key piece is ${keyPieceBytes} B`);
}

test('Vite build, no configuration: a tool call in Chromium', async () => {
  const dir = pageFolder('vite', { 'page.js': withReport(source('default-url.js')) }, 'page.js');
  await vite.build({ root: dir, base: './', configFile: false, logLevel: 'error', build: { outDir: 'dist' } });
  assertToolCallPage(await runPage(`${server.origin}/vite/dist/`));
});

test('Vite build of the README page with `realtime-companion/wasm?url`: a tool call in Chromium', async () => {
  const code = readme.get('page.js').code.replace("from 'realtime-companion/wasm'", "from 'realtime-companion/wasm?url'");
  assert.match(code, /wasm\?url/);
  const dir = pageFolder('vite-url', { 'page.js': withReport(code) }, 'page.js');
  await vite.build({ root: dir, base: './', configFile: false, logLevel: 'error', build: { outDir: 'dist' } });
  assertToolCallPage(await runPage(`${server.origin}/vite-url/dist/`));
});

test('Vite dev server, no configuration: a tool call in Chromium', async () => {
  const dir = pageFolder('vite-dev', { 'page.js': withReport(source('default-url.js')) }, 'page.js');
  const dev = await vite.createServer({
    root: dir, configFile: false, logLevel: 'error', server: { host: '127.0.0.1', port: 0 },
    plugins: [{ name: 'tool-endpoint', configureServer(dev) { dev.middlewares.use((req, res, next) => answerTool(req, res) || next()); } }],
  });
  await dev.listen();
  try {
    assertToolCallPage(await runPage(dev.resolvedUrls.local[0]));
  } finally {
    await dev.close();
  }
});

test('webpack 5, no configuration beyond entry and output: a tool call in Chromium', async () => {
  const dir = pageFolder('webpack', { 'page.js': withReport(source('default-url.js')) });
  const stats = await new Promise((resolve, reject) => {
    const compiler = webpack({ mode: 'production', context: dir, entry: './page.js', output: { path: join(dir, 'dist') } });
    compiler.run((error, result) => compiler.close(() => (error ? reject(error) : resolve(result))));
  });
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  writeFileSync(join(dir, 'dist/index.html'), html('main.js'));
  assertToolCallPage(await runPage(`${server.origin}/webpack/dist/`));
});

test('esbuild, the README command and page: a tool call in Chromium', async () => {
  const dir = pageFolder('esbuild', { 'page.js': withReport(readme.get('page.js').code) }, 'page.js');
  const [command, ...args] = readme.get('esbuild.sh').code.trim().split(/\s+/);
  assert.equal(command, 'esbuild');
  await run(esbuild, [...args, '--log-level=error'], { cwd: dir });
  writeFileSync(join(dir, 'dist/index.html'), html('page.js'));
  assertToolCallPage(await runPage(`${server.origin}/esbuild/dist/`));
});

test('Rollup, the README config and page: a tool call in Chromium', async () => {
  const dir = pageFolder('rollup', {
    'page.js': withReport(readme.get('page.js').code),
    'rollup.config.mjs': readme.get('rollup.config.mjs').code,
  }, 'page.js');
  await run(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.config.mjs', '--silent'], { cwd: dir });
  writeFileSync(join(dir, 'dist/index.html'), html('page.js'));
  assertToolCallPage(await runPage(`${server.origin}/rollup/dist/`));
});

test('Vite build of a key page: the key piece is a chunk of its own, loaded after the page, before the first key', async () => {
  const dir = pageFolder('vite-keys', { 'page.js': withKeyReport(source('keys-default-url.js')) }, 'page.js');
  await vite.build({ root: dir, base: './', configFile: false, logLevel: 'error', build: { outDir: 'dist' } });
  const visit = await runPage(`${server.origin}/vite-keys/dist/`);
  assertKeyPage(visit);
  // Vite names a chunk after the module it starts from: web/keys.js.
  const chunks = readdirSync(join(dir, 'dist/assets')).filter((file) => file.endsWith('.js'));
  const keyChunks = chunks.filter((file) => file.startsWith('keys-'));
  assert.equal(keyChunks.length, 1, chunks.join(', '));
  assert.ok(visit.scriptRequests.some((url) => url.endsWith(keyChunks[0])), 'the key chunk was fetched');
});

test('Vite build of a page without keys: the key chunk is built, and never fetched', async () => {
  const dir = pageFolder('vite-no-keys', { 'page.js': withReport(source('default-url.js')) }, 'page.js');
  await vite.build({ root: dir, base: './', configFile: false, logLevel: 'error', build: { outDir: 'dist' } });
  const visit = await runPage(`${server.origin}/vite-no-keys/dist/`);
  assertToolCallPage(visit);
  const keyChunks = readdirSync(join(dir, 'dist/assets')).filter((file) => file.endsWith('.js') && file.startsWith('keys-'));
  assert.equal(keyChunks.length, 1);
  assert.ok(!visit.scriptRequests.some((url) => url.endsWith(keyChunks[0])), visit.scriptRequests.join(', '));
});

test('webpack 5 key page, no configuration: the key piece loads as a chunk of its own', async () => {
  const dir = pageFolder('webpack-keys', { 'page.js': withKeyReport(source('keys-default-url.js')) });
  const stats = await new Promise((resolve, reject) => {
    const compiler = webpack({ mode: 'production', context: dir, entry: './page.js', output: { path: join(dir, 'dist') } });
    compiler.run((error, result) => compiler.close(() => (error ? reject(error) : resolve(result))));
  });
  assert.equal(stats.hasErrors(), false, stats.toString('errors-only'));
  writeFileSync(join(dir, 'dist/index.html'), html('main.js'));
  const visit = await runPage(`${server.origin}/webpack-keys/dist/`);
  assertKeyPage(visit);
  assert.ok(visit.scriptRequests.length > 1, `a chunk beside main.js: ${visit.scriptRequests.join(', ')}`);
});

test('Rollup key page with `realtime-companion/keys-wasm` as keysWasm (the README config)', async () => {
  const dir = pageFolder('rollup-keys', {
    'page.js': withKeyReport(source('keys-explicit-url.js')),
    'rollup.config.mjs': readme.get('rollup.config.mjs').code,
  }, 'page.js');
  await run(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.config.mjs', '--silent'], { cwd: dir });
  writeFileSync(join(dir, 'dist/index.html'), html('page.js'));
  assertKeyPage(await runPage(`${server.origin}/rollup-keys/dist/`));
});

test('esbuild key page with `realtime-companion/keys-wasm` as keysWasm (the README command)', async () => {
  const dir = pageFolder('esbuild-keys', { 'page.js': withKeyReport(source('keys-explicit-url.js')) }, 'page.js');
  const [, ...args] = readme.get('esbuild.sh').code.trim().split(/\s+/);
  await run(esbuild, [...args, '--log-level=error'], { cwd: dir });
  writeFileSync(join(dir, 'dist/index.html'), html('page.js'));
  assertKeyPage(await runPage(`${server.origin}/esbuild-keys/dist/`));
});

test('a page without the `wasm` option, bundled by esbuild, asks for a .wasm that is not there (why the recipe)', async () => {
  const dir = pageFolder('esbuild-bare', { 'page.js': withReport(source('default-url.js')) });
  await run(esbuild, ['page.js', '--bundle', '--format=esm', '--outdir=dist', '--log-level=error'], { cwd: dir });
  writeFileSync(join(dir, 'dist/index.html'), html('page.js'));
  const page = await browser.context.newPage();
  try {
    const failed = page.waitForEvent('pageerror');
    await page.goto(`${server.origin}/esbuild-bare/dist/`);
    assert.match((await failed).message, /could not load .*esbuild-bare\/dist\/realtime-companion-core\.wasm \(HTTP 404\)/);
    assert.equal(await page.evaluate(() => window.result), undefined);
  } finally {
    await page.close();
  }
});

// --- React (deep-chat-react), the README's VoiceChat ---

let reactOrigin;
async function reactPage(hash) {
  if (!reactOrigin) {
    const dir = pageFolder('react', {
      'voice-chat.jsx': readme.get('voice-chat.jsx').code,
      'with-prop.jsx': source('with-prop.jsx'),
      'tools.js': source('react-tools.js'),
      'main.jsx': source('react-main.jsx'),
    }, 'main.jsx');
    await vite.build({ root: dir, base: './', configFile: false, logLevel: 'error', build: { outDir: 'dist', chunkSizeWarningLimit: 5000 } });
    reactOrigin = `${server.origin}/react/dist/`;
  }
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${reactOrigin}${hash}`);
  const wiring = () => page.evaluate(() => {
    const realtime = document.querySelector('deep-chat')?.directConnection?.openAI?.realtime;
    return {
      handler: typeof realtime?.config?.function_handler,
      fetchEphemeralKey: typeof realtime?.fetchEphemeralKey,
      autoFetchEphemeralKey: realtime?.autoFetchEphemeralKey,
      tools: realtime?.config?.tools?.map((t) => t.name),
    };
  });
  await page.waitForFunction(() => typeof document.querySelector('deep-chat')?.directConnection?.openAI?.realtime?.config?.function_handler === 'function',
    null, { timeout: 15_000 });
  return { page, errors, wiring };
}
const wired = { handler: 'function', fetchEphemeralKey: 'function', autoFetchEphemeralKey: false, tools: ['get_weather'] };

test('React: the README VoiceChat in StrictMode is wired once, calls a tool, survives a re-render, detaches on unmount', async () => {
  const { page, errors, wiring } = await reactPage('');
  try {
    assert.deepEqual(await wiring(), wired);
    const answer = await page.evaluate(() => document.querySelector('deep-chat').directConnection.openAI.realtime.config
      .function_handler({ name: 'get_weather', arguments: '{"city":"Oslo"}' }));
    assert.deepEqual(answer, weather('Oslo'));

    await page.evaluate(() => {
      window.handlerBefore = document.querySelector('deep-chat').directConnection.openAI.realtime.config.function_handler;
      window.rerender();
    });
    await page.waitForFunction(() => document.querySelector('[data-renders]').dataset.renders === '1');
    assert.deepEqual(await wiring(), wired);
    assert.ok(await page.evaluate(() => window.handlerBefore === document.querySelector('deep-chat').directConnection.openAI.realtime.config.function_handler));

    // One attachment: a second one would have wrapped the first, and detaching the outer one
    // would give the element the first one's wiring back instead of its own (none).
    await page.evaluate(() => {
      window.chat = document.querySelector('deep-chat');
      window.unmount();
    });
    await page.waitForFunction(() => !document.querySelector('deep-chat'));
    assert.equal(await page.evaluate(() => window.chat.directConnection), undefined);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('React: with a directConnection prop, the next render takes the wiring away (the README\'s warning)', async () => {
  const { page, wiring } = await reactPage('#prop');
  try {
    assert.deepEqual(await wiring(), wired);
    await page.evaluate(() => window.rerender());
    await page.waitForFunction(() => document.querySelector('[data-renders]').dataset.renders === '1');
    assert.deepEqual(await wiring(), { handler: 'undefined', fetchEphemeralKey: 'undefined', autoFetchEphemeralKey: undefined, tools: undefined });
  } finally {
    await page.close();
  }
});

// --- the server: the built pages as static files, and the endpoints their companions call ---

function answerTool(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/get_weather') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(weather(url.searchParams.get('city'))));
    return true;
  }
  if (url.pathname === '/ephemeral-key') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', date: new Date().toUTCString() })
      .end(JSON.stringify({ value: `ek_test${Math.random().toString(36).slice(2)}`, expires_at: Math.floor(Date.now() / 1000) + 60 }));
    return true;
  }
  return false;
}

const contentTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

async function serveBuilds(app) {
  const httpServer = http.createServer((req, res) => {
    if (answerTool(req, res)) return;
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = join(app, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(`${app}/`) || path.includes('..')) return void res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return Object.assign(httpServer, { origin: `http://127.0.0.1:${httpServer.address().port}` });
}
