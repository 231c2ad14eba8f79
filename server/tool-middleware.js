/**
 * Server-side validation of tool requests (defence in depth): a client that bypasses the browser
 * gets the same `invalid_arguments` answer, from the same compiled schemas (the WASM core in Node).
 * @module
 */
import { loadCore } from '../web/load-core.js';
import { fallbackError } from '../web/errors.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Builds a `(req, res, next?)` middleware for `node:http` and express from the same `tools` the
 * page gives `createCompanion`. A request that a tool's route serves is checked: invalid arguments
 * are answered `400 { error: { code: 'invalid_arguments', ... } }`; valid ones get
 * `req.toolCall = { name, arguments }` (and `req.body = arguments` for POST/PUT/PATCH, whose body
 * this middleware has read) and go on to `next()`. Requests no route serves go to `next()` untouched.
 *
 * @param {import('../web/index').ToolDefinition[]} tools
 * @param {{ basePath?: string, maxArgumentBytes?: number, wasm?: unknown }} [options]
 *   basePath: the prefix the routes are mounted under (the browser's baseUrl path); default ''.
 * @returns {Promise<(req: any, res: any, next?: () => void) => Promise<'valid' | 'refused' | 'unmatched'>>}
 */
export async function createToolMiddleware(tools, options = {}) {
  const { basePath = '', maxArgumentBytes = 1024 * 1024, wasm } = options;
  const module = await loadCore(wasm);
  const core = new module.CoreRouter(JSON.stringify({
    tools,
    baseOrigin: 'http://localhost', // unused on this side: requests are matched by path
    basePath: String(basePath).replace(/\/+$/, ''),
    maxArgumentBytes,
  }));
  const refusal = core.error();
  if (refusal) {
    core.delete();
    throw new Error(`realtime-companion: ${refusal}`);
  }

  return async function toolMiddleware(req, res, next) {
    const url = new URL(req.url, 'http://localhost');
    const match = (body) => JSON.parse(core.matchRequest(req.method, url.pathname, url.search, body));
    let outcome = match('');
    if (!outcome.matched) {
      next?.();
      return 'unmatched';
    }
    if (BODY_METHODS.has(req.method)) {
      const body = await readBody(req, maxArgumentBytes);
      if (body === undefined) {
        answer(res, 413, fallbackError('invalid_arguments', outcome.tool,
          `The arguments are larger than ${maxArgumentBytes} bytes.`));
        return 'refused';
      }
      outcome = match(body);
    }
    if (outcome.result) {
      answer(res, 400, outcome.result);
      return 'refused';
    }
    req.toolCall = { name: outcome.tool, arguments: outcome.arguments };
    if (BODY_METHODS.has(req.method)) req.body = outcome.arguments;
    next?.();
    return 'valid';
  };
}

// The body as text, or undefined past `limit` bytes. A body an earlier
// middleware already parsed (express.json) is taken from req.body.
async function readBody(req, limit) {
  if (req.body !== undefined && typeof req.body === 'object' && req.readableEnded !== false) {
    return JSON.stringify(req.body);
  }
  const chunks = [];
  let total = 0;
  for await (const chunk of req) {
    total += chunk.length;
    if (total > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answer(res, status, result) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(result));
}
