// The failure codes a tool call can end with (the same list as the core's
// src/router/error_code.hpp), and the error thrown at set-up time.

/** @type {readonly string[]} */
export const TOOL_ERROR_CODES = Object.freeze([
  'unknown_tool',
  'invalid_arguments',
  'arguments_too_complex',
  'http_error',
  'timeout',
  'network_error',
  'response_too_large',
  'invalid_response',
  'blocked_destination',
  'internal_error',
  'declined',
]);

/**
 * Thrown by createCompanion when its options cannot work (set-up may throw;
 * tool calls never do).
 */
export class CompanionConfigError extends Error {
  constructor(message) {
    super(`realtime-companion: ${message}`);
    this.name = 'CompanionConfigError';
  }
}

/**
 * The result for a failure that happens where the core cannot be asked (the
 * companion was disposed, or the core itself failed). Same shape as the core's.
 */
export function fallbackError(code, tool, message) {
  return { error: { code, message, tool: typeof tool === 'string' ? tool.slice(0, 64) : '' } };
}

/**
 * internal_error for a call that failed where the core cannot be asked: the one builder for the
 * page's answers (the companion's fallback, the bridge's answer to a throwing handler, attach's
 * placeholder). Without `tool` the result names no tool (the bridge's answer never did);
 * without `message` it has none.
 * @param {unknown} [tool]
 * @param {string} [message]
 */
export function internalError(tool, message) {
  if (tool !== undefined) return fallbackError('internal_error', tool, message);
  return { error: { code: 'internal_error', ...(message !== undefined && { message }) } };
}

/** What a thrown value says, as text; never throws itself (a message getter or toString may). */
export function thrownText(error) {
  try {
    return String(error?.message ?? error);
  } catch {
    return 'an error that cannot be described';
  }
}
