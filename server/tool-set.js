/**
 * The compiled tool set on the server side: `compileToolSet` (also behind the CLI,
 * `npx realtime-companion compile`) and `createToolSetHandler`, which serves a set to the
 * browser with a strong ETag and, under its hash, immutable caching. Both run the compiler
 * artifact, so the browser never has to.
 * @module
 */
import { loadCore } from '../web/load-core.js';
import { compileWith } from '../web/tool-set.js';
import { CompanionConfigError } from '../web/errors.js';
import { refuseUnknownOptions } from '../web/option-names.js';

/** The options each function reads (index.d.ts): the names destructured in it. */
const COMPILE_OPTION_NAMES = Object.freeze(['wasm']);
const HANDLER_OPTION_NAMES = Object.freeze([...COMPILE_OPTION_NAMES, 'path']);

/**
 * Compiles `{ tools, validation }` (or a bare tools array) into a set.
 * Refusals (lint errors, invalid tools, tools past a limit of docs/tool-sets.md) reject with a
 * CompanionConfigError naming each tool or the limit: every set it returns, a browser core loads.
 * @param {object[] | { tools: object[], validation?: object }} source
 * @param {{ wasm?: unknown }} [options]
 * @returns {Promise<{ bytes: Uint8Array, hash: string }>} hash: the SHA-256 of the set's payload, hex
 */
export async function compileToolSet(source, options = {}) {
  refuseUnknownOptions(options, COMPILE_OPTION_NAMES, 'compileToolSet', CompanionConfigError);
  const { wasm } = options;
  return compileWith(await loadCore(wasm), Array.isArray(source) ? { tools: source } : source);
}

/**
 * A `(req, res)` handler for node:http and express that serves the compiled set.
 * - `ETag` is the set's hash (strong); `If-None-Match` with it answers 304.
 * - Requested with `?v=<hash>` (`handler.path`), it is cached for a year as immutable; under any
 *   other query or none, caches must revalidate (`no-cache`), so a page always gets new tools.
 * - GET and HEAD only (405 otherwise).
 * Tools compileToolSet refuses reject the handler's creation: nothing is ever served for them.
 * @param {object[] | { tools: object[], validation?: object }} source
 * @param {{ wasm?: unknown, path?: string }} [options] path: where it is mounted, for `handler.url` (default '/tools.rct')
 */
export async function createToolSetHandler(source, options = {}) {
  refuseUnknownOptions(options, HANDLER_OPTION_NAMES, 'createToolSetHandler', CompanionConfigError);
  const { wasm, path = '/tools.rct' } = options;
  const { bytes, hash } = await compileToolSet(source, { wasm });
  const body = Buffer.from(bytes);
  const etag = `"${hash}"`;
  const mountedAt = path;
  const handler = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed');
      return;
    }
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
  };
  return Object.assign(handler, {
    hash,
    bytes: new Uint8Array(body),
    /** Where a page loads this version from: `${path}?v=${hash}`, cached as immutable. */
    url: `${mountedAt}?v=${hash}`,
  });
}

// RFC 9110 13.1.2: a list of entity tags or `*`; weak comparison, so W/"x" matches "x".
function matchesEtag(header, etag) {
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
