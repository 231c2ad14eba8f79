/**
 * Wirings of createToolMiddleware that cannot work, recognised on the first request they spoil and
 * refused with a message that says how to fix them (there is no earlier moment: the middleware
 * learns its mount path and its framework from requests). Each is answered 500 and reported once
 * with `process.emitWarning`, so a misconfiguration fails closed and loudly.
 * @module
 */

import { cutText } from '../common/cut-text.js';

const warned = new Set();

/** Reports a wiring problem once per process and kind (the message may vary with the request). */
export function warnOnce(kind, message) {
  if (warned.has(kind)) return;
  warned.add(kind);
  process.emitWarning(message, { code: 'REALTIME_COMPANION_WIRING' });
}

/**
 * Fastify reads the body itself, after middie's middlewares ran in its default `onRequest` hook;
 * a middleware that reads the stream first leaves Fastify waiting for ever. Middie copies Fastify's
 * request fields onto the raw request (`log`, `ips`, `protocol` as own properties); express and
 * node:http never do.
 */
export function fastifyReadsBodyLater(req) {
  return Object.hasOwn(req, 'log') && Object.hasOwn(req, 'ips') && Object.hasOwn(req, 'protocol') && req.readableEnded !== true;
}

export const FASTIFY_HOOK_MESSAGE =
  "realtime-companion: createToolMiddleware runs before Fastify has read the body; register @fastify/middie with { hook: 'preValidation' } (docs/server.md: Fastify)";

/**
 * Where the middleware is mounted: express's `req.baseUrl`, or the prefix middie strips from
 * `req.url` (it keeps the whole target in `req.originalUrl`). '' at the root.
 */
export function mountPath(req) {
  if (typeof req.baseUrl === 'string') return req.baseUrl;
  if (typeof req.originalUrl !== 'string' || typeof req.url !== 'string') return '';
  const full = req.originalUrl.split('?', 1)[0];
  const rest = req.url.split('?', 1)[0];
  return rest !== full && rest !== '/' && full.endsWith(rest) ? full.slice(0, full.length - rest.length) : '';
}

/**
 * Why a mount no tool's route lies under (the core decides: routes_lie_under) is refused: the
 * middleware would pass every request there unchecked, which is what happens when express strips
 * the mount path that `basePath` leaves out.
 */
export function mountMessage(mount, basePath) {
  return `realtime-companion: createToolMiddleware is mounted at "${cutText(mount, 100).toLowerCase()}", but no tool's route (basePath "${basePath}" + route path) lies under it; set basePath to the path of the browser's baseUrl (docs/server.md: Server-side tool validation)`;
}
