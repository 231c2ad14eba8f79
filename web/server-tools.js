// The tools the page's server runs on a call it set up (the unified interface): their calls are
// the server's to run and answer, so the page's data-channel bridge leaves them alone.
import { TOOL_NAME } from '../common/realtime-ga.js';

export const NO_SERVER_TOOLS = Object.freeze(new Set());

/**
 * The tools the page's server runs on this call, as its answer to the offer names them
 * (`X-Realtime-Companion-Server-Tools: lookup_order, cancel_order`).
 * Only well-formed tool names count, at most 128 of them (OpenAI's tools per session).
 */
export function serverToolsOf(response) {
  const header = response.headers.get('x-realtime-companion-server-tools');
  if (typeof header !== 'string' || header.length > 128 * 66) return NO_SERVER_TOOLS;
  const names = header.split(',').map((name) => name.trim()).filter((name) => TOOL_NAME.test(name));
  return names.length === 0 ? NO_SERVER_TOOLS : new Set(names.slice(0, 128));
}
