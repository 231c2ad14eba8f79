/**
 * The compiled tool set on the server side: `compileToolSet` (also behind the CLI,
 * `npx realtime-companion compile`) and `createToolSetHandler`, which serves a set to the
 * browser with a strong ETag and, under its hash, immutable caching. Both run the compiler
 * artifact, so the browser never has to.
 * @module
 */
import { loadCore } from '../common/load-core.js';
import { compileWith } from '../common/tool-set.js';
import { CompanionConfigError } from '../common/errors.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { pageToolList } from './page-tool-list.js';

/** The options each function reads (index.d.ts): the names destructured in it. */
const COMPILE_OPTION_NAMES = Object.freeze(['wasm']);
const HANDLER_OPTION_NAMES = Object.freeze([...COMPILE_OPTION_NAMES, 'path']);

/**
 * Compiles `{ tools, validation }` (or a bare tools array) into a set: the same list the page and
 * the server helpers take (page-tool-list.js: the server's tools are left out, `execute` functions
 * marked). Refusals (lint errors, invalid tools, tools past a limit of docs/tool-sets.md) reject
 * with a CompanionConfigError naming each tool or the limit: every set it returns, a browser core loads.
 * @param {object[] | { tools: object[], validation?: object }} source
 * @param {{ wasm?: unknown }} [options]
 * @returns {Promise<{ bytes: Uint8Array, hash: string }>} hash: the SHA-256 of the set's payload, hex
 */
export async function compileToolSet(source, options = {}) {
  refuseUnknownOptions(options, COMPILE_OPTION_NAMES, 'compileToolSet', CompanionConfigError);
  const list = pageToolList(source, 'compileToolSet');
  return compileWith(await loadCore(options.wasm), list);
}

/**
 * A `(req, res)` handler for node:http and express that serves the compiled set, returned at once
 * so that it can be mounted where it is made (`app.get('/tools.rct', createToolSetHandler(tools))`).
 * The set is compiled in the background: a request that comes before it is ready waits for it
 * (the page's loader does not retry, and compiling is local and short), and `handler.ready`
 * resolves with `{ hash, bytes, url }`, or rejects with the compiler's CompanionConfigError. Tools
 * the compiler refuses are never served: the refusal is written to stderr once and every request
 * is answered 500. `handler.hash`, `.bytes` and `.url` throw until the set is ready.
 * - `ETag` is the set's hash (strong); `If-None-Match` with it answers 304.
 * - Requested with `?v=<hash>` (`handler.url`), it is cached for a year as immutable; under any
 *   other query or none, caches must revalidate (`no-cache`), so a page always gets new tools.
 * - GET and HEAD only (405 otherwise).
 * @param {object[] | { tools: object[], validation?: object }} source
 * @param {{ wasm?: unknown, path?: string }} [options] path: where it is mounted, for `handler.url` (default '/tools.rct')
 */
export function createToolSetHandler(source, options = {}) {
  const name = 'createToolSetHandler';
  refuseUnknownOptions(options, HANDLER_OPTION_NAMES, name, CompanionConfigError);
  const { wasm, path = '/tools.rct' } = options;
  // Checked now: what a look at the list can refuse fails where the handler is made.
  const list = pageToolList(source, name);
  /** The set once compiled, and whether it failed. */
  let served = null;
  let failed = false;
  const ready = loadCore(wasm).then((module) => {
    const { bytes, hash } = compileWith(module, list);
    served = { body: Buffer.from(bytes), hash, etag: `"${hash}"` };
    return Object.freeze({ hash, bytes: new Uint8Array(bytes), url: `${path}?v=${hash}` });
  });
  ready.catch((error) => {
    failed = true;
    // A server that awaits nothing still says why its set is never served.
    console.error(`${name} serves no tool set: ${error?.message}`);
  });

  const handler = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed');
      return;
    }
    if (served === null && !failed) await ready.catch(() => {});
    if (served === null) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('The tool set could not be compiled; the server log says why.');
      return;
    }
    serve(req, res, served);
  };
  const once = (field) => () => {
    if (served === null) throw new CompanionConfigError(`${name}: the set is not compiled yet${failed ? ' (it was refused)' : ''}; read ${field} from \`await handler.ready\``);
    return { hash: served.hash, bytes: new Uint8Array(served.body), url: `${path}?v=${served.hash}` }[field];
  };
  return Object.defineProperties(handler, {
    ready: { value: ready, enumerable: true },
    hash: { get: once('hash'), enumerable: true },
    bytes: { get: once('bytes'), enumerable: true },
    /** Where a page loads this version from: `${path}?v=${hash}`, cached as immutable. */
    url: { get: once('url'), enumerable: true },
  });
}

/** Answers one GET or HEAD with the compiled set. */
function serve(req, res, { body, hash, etag }) {
  const versioned = new URLSearchParams(String(req.url ?? '').split('?')[1] ?? '').get('v') === hash;
  const headers = {
    ETag: etag,
    'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

// RFC 9110 13.1.2: a list of entity tags or `*`; weak comparison, so W/"x" matches "x".
function matchesEtag(header, etag) {
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
