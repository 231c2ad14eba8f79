// Chromium environments for bench/startup/cold-start.mjs. Each run is a new JS realm
// and a fresh module instance, in one of two ways:
// - a fresh browser context + new page per run in one running browser. Chromium
//   may reuse compiled wasm code across pages (its code cache, which is what a
//   returning visitor gets); here that should not happen: the page hands
//   WebAssembly.compile bytes, not a streamed response the cache is keyed
//   to, and each context is its own off-the-record profile with its own
//   renderer process. The next variant checks that rather than trusting it.
// - a fresh browser per run (new process, new empty profile, via launchChromium):
//   nothing can be cached, but the browser itself starts cold too (slower: --fresh-browser).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { baseArgs, chromiumPath, launchChromium } from '../../tests/support/chromium.mjs';

const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/**
 * Serves the package's web/, dist/, bench/ and the compiled set on 127.0.0.1; `benchRoot`, when
 * given, serves bench/ from another checkout (two builds timed by the same measuring code).
 */
export async function serve(root, toolSet, { benchRoot = root } = {}) {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    // Cross-origin isolated, so performance.now() has 5 µs steps instead of 100 µs.
    const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    if (path === '/') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<!doctype html><title>cold start</title>');
    if (path === '/tools.rct') return res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' }).end(toolSet);
    if (!/^\/(web|common|dist|bench|examples)\/[\w./-]+$/.test(path) || path.includes('..')) return res.writeHead(404).end();
    try {
      const body = await readFile(join(path.startsWith('/bench/') ? benchRoot : root, path));
      res.writeHead(200, { ...headers, 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

async function runInPage(page, origin, path) {
  await page.goto(`${origin}/`);
  return page.evaluate(async (which) => (await import('/bench/startup/in-page.mjs')).coldStartInPage(which), path);
}

/** One cold start in a new context and page of `browser`, from the package `origin` serves. */
export async function coldStartInNewContext(browser, origin, path) {
  const context = await browser.newContext();
  try {
    return await runInPage(await context.newPage(), origin, path);
  } finally {
    await context.close();
  }
}

/** One browser; a new context and page per run. */
export async function freshContextPerRun(origin) {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: baseArgs }); // launchChromium's flags: its persistent context cannot open new contexts
  return {
    name: `Chromium ${browser.version()}, fresh context per run`,
    run: (path) => coldStartInNewContext(browser, origin, path),
    close: () => browser.close(),
  };
}

/** A new browser process and profile per run. */
export async function freshBrowserPerRun(origin) {
  return {
    name: 'Chromium, fresh browser per run',
    async run(path) {
      const browser = await launchChromium();
      try {
        return await runInPage(await browser.context.newPage(), origin, path);
      } finally {
        await browser.close();
      }
    },
    close: async () => {},
  };
}
