/**
 * `realtime-companion/server`: the backend half of a safe Realtime voice page. The browser asks
 * it for a short-lived key (or hands it its WebRTC offer); the master key never leaves the server.
 * @module
 */
export { createEphemeralKeyHandler } from './ephemeral-key-handler.js';
export { createRealtimeCallHandler } from './realtime-call-handler.js';
export { createMemoryRateLimitStore } from './memory-store.js';
export { createRedisRateLimitStore } from './redis-store.js';
export { keyId, stdoutAuditSink } from './audit.js';
export { REFUSALS } from './refusals.js';
export { createToolMiddleware } from './tool-middleware.js';
export { compileToolSet, createToolSetHandler } from './tool-set.js';
