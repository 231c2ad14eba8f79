/**
 * The GA session object OpenAI is given for a page's call, built from the server's fixed settings:
 * the same object goes into a `client_secrets` key (`mint-key.js`), into a `/realtime/calls` offer
 * (`start-call.js`), and is what the call's guard holds the live session to
 * (`supervision/session-guard.js`).
 * @module
 */

/**
 * `type: 'realtime'`, the voice under `audio.output`; `extra` is merged underneath, so the named
 * settings win.
 * @param {{ model: string, voice?: string, instructions?: string, tools?: object[], extra?: object }} session
 */
export function buildSession({ model, voice, instructions, tools, extra }) {
  const audio = voice ? { ...extra?.audio, output: { ...extra?.audio?.output, voice } } : extra?.audio;
  return {
    ...extra,
    type: 'realtime',
    model,
    ...(instructions && { instructions }),
    ...(audio && { audio }),
    ...(tools && { tools }),
  };
}
