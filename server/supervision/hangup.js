/**
 * Ending a call at OpenAI: `POST /v1/realtime/calls/{call_id}/hangup` with the API key (200 on
 * success). Through the same funnel as every other request to OpenAI (`post-to-openai.js`: the key
 * only in its header, no redirect, one deadline, an error answer read bounded and made safe).
 * @module
 */
import { OpenAIRequestError, postToOpenAI } from '../post-to-openai.js';

/**
 * @param {{ baseURL: string, apiKey: string, callId: string, timeoutMs: number, fetch: typeof fetch }} call
 * @returns {Promise<{ ok: true, status: number } | { ok: false, status: number | null, detail: string }>} never rejects
 */
export async function hangUpCall({ baseURL, apiKey, callId, timeoutMs, fetch }) {
  const url = `${baseURL.replace(/\/+$/, '')}/realtime/calls/${encodeURIComponent(callId)}/hangup`;
  try {
    const { response } = await postToOpenAI({ url, apiKey, headers: { 'Content-Type': 'application/json' }, body: '{}', timeoutMs, maxBytes: 64 * 1024, fetch });
    return { ok: true, status: response.status };
  } catch (error) {
    if (error instanceof OpenAIRequestError) return { ok: false, status: error.upstreamStatus ?? null, detail: error.message };
    return { ok: false, status: null, detail: 'the hang-up request failed' };
  }
}
