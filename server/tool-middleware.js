/**
 * Server-side validation of tool requests (defence in depth): a client that bypasses the browser
 * gets the same `invalid_arguments` answer, from the same compiled schemas (the WASM core in Node),
 * or `arguments_too_complex` (also 400, the handler not called) when checking them would cost more
 * than the evaluation budget allows: the check is synchronous, so the budget is what keeps one
 * request from holding the event loop (docs/validator.md, "The evaluation budget").
 * Which requests count as a tool's, and which are refused outright, is decided by the core
 * (src/router/request_matcher.hpp); this file reads the request and answers.
 * @module
 */
import { loadCore } from '../common/load-core.js';
import { fallbackError } from '../common/errors.js';
import { construct } from '../common/wire.js';
import { jsonText } from '../common/json-text.js';
import { toolSetLimits } from '../common/tool-set.js';
import { CompanionConfigError } from '../common/errors.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { hasBody, readRequestBody } from './request-body.js';
import {
  FASTIFY_HOOK_MESSAGE, fastifyReadsBodyLater, mountMessage, mountPath, warnOnce,
} from './tool-wiring.js';

/** Every option createToolMiddleware reads (ToolMiddlewareOptions in index.d.ts): the names destructured below. */
const MIDDLEWARE_OPTION_NAMES = Object.freeze(['basePath', 'maxArgumentBytes', 'wasm']);

/**
 * Builds a `(req, res, next?)` middleware for node:http, express and Fastify (through
 * @fastify/middie) from the same `tools` the page gives `createCompanion`. The returned promise
 * never rejects, so no wiring needs to await it. See `index.d.ts` for the matching rules.
 *
 * @param {import('../web/index').ToolDefinition[]} tools
 * @param {{ basePath?: string, maxArgumentBytes?: number, wasm?: unknown }} [options]
 *   basePath: the path of the browser's baseUrl (where the routes are, from the site's root); default ''.
 * @returns {Promise<(req: any, res: any, next?: () => void) => Promise<'valid' | 'refused' | 'unmatched' | 'aborted'>>}
 */
export async function createToolMiddleware(tools, options = {}) {
  refuseUnknownOptions(options, MIDDLEWARE_OPTION_NAMES, 'createToolMiddleware', CompanionConfigError);
  const { maxArgumentBytes = 1024 * 1024, wasm, basePath: basePathOption } = options;
  const basePath = String(basePathOption ?? '').replace(/\/+$/, '');
  const module = await loadCore(wasm);
  const core = construct(module, 'ToolRequestMatcher', jsonText({
    tools,
    baseOrigin: 'http://localhost', // unused on this side: requests are matched by path
    basePath,
    maxArgumentBytes,
  }, 'the tools', toolSetLimits(module).jsonDepth)); // as deep as the core reads this text

  // Every reading of the target a router might route on: express routes on baseUrl + url (a
  // rewrite in front may have changed url), middie strips its prefix from url and keeps the whole
  // target in originalUrl. The request is refused if any reading is, and a tool's if any is.
  function route(req) {
    const readings = [];
    if (typeof req.url === 'string') readings.push(typeof req.baseUrl === 'string' ? req.baseUrl + req.url : req.url);
    if (typeof req.originalUrl === 'string' && !readings.includes(req.originalUrl)) readings.push(req.originalUrl);
    const verdicts = readings.map((target) => ({ target, ...JSON.parse(core.routeRequest(req.method, target)) }));
    return verdicts.find((v) => v.verdict === 'bad_target')
      ?? verdicts.find((v) => v.verdict === 'method_not_allowed')
      ?? verdicts.find((v) => v.verdict === 'matched')
      ?? verdicts[0];
  }

  async function check(req, res) {
    if (typeof req.url !== 'string' || typeof req.method !== 'string') {
      return refuse(res, 400, 'bad_request_target', 'The request has no target.');
    }
    const mount = mountPath(req);
    if (mount && !core.routesLieUnder(mount)) return misconfigured(res, 'mount', mountMessage(mount, basePath));

    const routed = route(req);
    if (routed.verdict !== 'matched') return verdict(res, routed);
    const { target } = routed;

    let body = '';
    if (routed.bodyExpected) {
      if (fastifyReadsBodyLater(req) && hasBody(req)) return misconfigured(res, 'fastify-hook', FASTIFY_HOOK_MESSAGE);
      const read = await readRequestBody(req, maxArgumentBytes);
      if (!read.ok) return bodyRefusal(res, read.reason, routed.tool);
      body = read.text;
      req._body = true; // body-parser's "already parsed": an express.json() after this one must not read again
    } else if (hasBody(req)) {
      return refuse(res, 400, 'bad_request_target', 'This tool takes its arguments in the query; the request has a body.');
    }

    const outcome = JSON.parse(core.matchRequest(req.method, target, body));
    if (outcome.verdict !== 'matched') return verdict(res, outcome);
    if (outcome.result) {
      answer(res, 400, outcome.result);
      return 'refused';
    }
    req.toolCall = { name: outcome.tool, arguments: outcome.arguments };
    // What the handler reads is what was validated: express's own parse of the query (qs nests
    // `a[b]=c`) or of the body never reaches it.
    replace(req, routed.bodyExpected ? 'body' : 'query', outcome.arguments);
    return 'valid';
  }

  return function toolMiddleware(req, res, next) {
    return check(req, res)
      .catch((err) => {
        process.stderr.write(`realtime-companion: createToolMiddleware failed: ${err?.stack ?? err}\n`);
        return refuse(res, 500, 'internal_error', 'The tool request could not be checked.');
      })
      .then((outcome) => {
        if ((outcome === 'valid' || outcome === 'unmatched') && typeof next === 'function') {
          try {
            next();
          } catch (err) {
            // node:http wirings call the site's handler here; its throw must not become an
            // unhandled rejection that ends the process.
            process.stderr.write(`realtime-companion: the handler after createToolMiddleware threw: ${err?.stack ?? err}\n`);
            refuse(res, 500, 'internal_error', 'The tool handler failed.');
          }
        }
        return outcome;
      });
  };
}

/** A refusal decided by the core: bad_target (400) or method_not_allowed (405, with Allow). */
function verdict(res, outcome) {
  if (outcome.verdict === 'unmatched') return 'unmatched';
  if (outcome.verdict === 'method_not_allowed') {
    if (!res.headersSent) res.setHeader('Allow', outcome.allow);
    return refuse(res, 405, 'method_not_allowed', outcome.message);
  }
  return refuse(res, 400, 'bad_request_target', outcome.message);
}

function bodyRefusal(res, reason, tool) {
  switch (reason) {
    case 'aborted':
      return 'aborted'; // the client is gone: nobody to answer
    case 'too_large':
      if (!res.headersSent) res.setHeader('Connection', 'close'); // the rest of the upload is drained, not kept
      answer(res, 413, fallbackError('invalid_arguments', tool, 'The arguments are larger than the limit (maxArgumentBytes).'));
      return 'refused';
    case 'not_utf8':
      answer(res, 400, fallbackError('invalid_arguments', tool, 'The body is not well-formed UTF-8.'));
      return 'refused';
    default:
      return misconfigured(res, 'body-unavailable',
        'realtime-companion: the request body was read by another middleware that left no req.body; mount createToolMiddleware before it, or after a JSON body parser');
  }
}

function misconfigured(res, kind, message) {
  warnOnce(kind, message);
  return refuse(res, 500, 'internal_error', message);
}

function refuse(res, status, code, message) {
  answer(res, status, { error: { code, message } });
  return 'refused';
}

function answer(res, status, result) {
  if (res.headersSent || res.writableEnded) return;
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(result));
}

// An own property shadows express 5's getter too.
function replace(req, name, value) {
  if (name === 'query' && !(name in req)) return; // node:http has no req.query to mislead anyone
  Object.defineProperty(req, name, { value, writable: true, configurable: true, enumerable: true });
}
