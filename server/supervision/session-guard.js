/**
 * The server's session is the truth: what a `session.updated` on the call may not differ in, and
 * the `session.update` that puts it back. In OpenAI's GA interface whoever holds the data channel
 * may change anything but the model (and the voice once the assistant has spoken), so a page can
 * replace the instructions or the tools mid-call; only the server, on the sideband, can notice.
 * @module
 */
import { buildSession } from '../realtime-session.js';

/** Stable JSON: object keys sorted, so two equal sessions compare equal whatever their key order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** OpenAI reports an alias as its snapshot (`gpt-realtime` → `gpt-realtime-2025-08-28`). */
export function sameModel(expected, reported) {
  if (typeof reported !== 'string') return false;
  return reported === expected || (reported.startsWith(`${expected}-`) && /^\d{4}-\d{2}-\d{2}$/.test(reported.slice(expected.length + 1)));
}

/** A tool as the guard compares it: the fields OpenAI echoes. */
const toolShape = (tool) => ({ type: tool?.type ?? 'function', name: tool?.name ?? null, description: tool?.description || null, parameters: tool?.parameters ?? null });

/**
 * What the guard holds of the server's session settings.
 * @param {{ model: string, voice?: string, instructions?: string, tools?: object[], extra?: object }} settings
 */
export function guardedSession(settings) {
  const session = buildSession(settings);
  return Object.freeze({
    model: session.model,
    instructions: session.instructions ?? '',
    tools: canonical((session.tools ?? []).map(toolShape)),
    tool_choice: canonical(session.tool_choice ?? 'auto'),
    voice: session.audio?.output?.voice ?? null,
    /** The server's own values of the fields a `session.update` may put back (no model: it cannot change). */
    values: Object.freeze({
      instructions: session.instructions ?? '',
      tools: session.tools ?? [],
      tool_choice: session.tool_choice ?? 'auto',
      voice: session.audio?.output?.voice ?? null,
    }),
  });
}

/**
 * The `session` of a `session.update` that puts `fields` back. Only those: OpenAI refuses a whole
 * update that touches the voice once the assistant has spoken, so an unchanged voice is never sent.
 * @param {ReturnType<typeof guardedSession>} guarded
 * @param {string[]} fields from {@link tamperedFields}, or the non-voice fields on joining
 */
export function restoringSession(guarded, fields) {
  const session = { type: 'realtime' };
  for (const field of fields) {
    if (field === 'voice' && guarded.values.voice !== null) session.audio = { output: { voice: guarded.values.voice } };
    else if (field in guarded.values && field !== 'voice') session[field] = guarded.values[field];
  }
  return session;
}

/**
 * The names of the guarded fields in which a reported session differs from the server's (never
 * their values: the instructions may be private). An empty list: nothing was changed.
 * @param {ReturnType<typeof guardedSession>} guarded
 * @param {unknown} reported the `session` of a `session.created` / `session.updated` event
 */
export function tamperedFields(guarded, reported) {
  if (reported === null || typeof reported !== 'object') return [];
  const changed = [];
  if (reported.model !== undefined && !sameModel(guarded.model, reported.model)) changed.push('model');
  if ((reported.instructions ?? '') !== guarded.instructions) changed.push('instructions');
  if (canonical((Array.isArray(reported.tools) ? reported.tools : []).map(toolShape)) !== guarded.tools) changed.push('tools');
  if (canonical(reported.tool_choice ?? 'auto') !== guarded.tool_choice) changed.push('tool_choice');
  const voice = reported.audio?.output?.voice;
  if (guarded.voice !== null && voice !== undefined && canonical(voice) !== canonical(guarded.voice)) changed.push('voice');
  return changed;
}
