/**
 * `realtime-companion/server`: the backend half of a safe Realtime voice page. The browser asks
 * this endpoint for a short-lived key; the master key never leaves the server.
 * @module
 */
export { createEphemeralKeyHandler } from './handler.js';
export { createMemoryRateLimitStore } from './memory-store.js';
export { createRedisRateLimitStore } from './redis-store.js';
export { keyId, stdoutAuditSink } from './audit.js';
export { REFUSALS } from './refusals.js';
export { createToolMiddleware } from './tool-middleware.js';
