// DeepChat 2.4.2 listens for the beta names of the events GA renamed, and sends a beta-shaped
// `session.update`: the bridge translates both with these. Checked against openai-node's GA types
// (src/resources/realtime/) and DeepChat 2.4.2's sources.
import { BETA_SESSION_FIELDS } from '../../common/realtime-ga.js';

/** Server event names that GA renamed: GA name → the beta name a beta client listens for. */
export const GA_TO_BETA_EVENT = Object.freeze({
  'response.output_audio_transcript.delta': 'response.audio_transcript.delta',
  'response.output_audio_transcript.done': 'response.audio_transcript.done',
  'response.output_text.delta': 'response.text.delta',
  'response.output_text.done': 'response.text.done',
  'response.output_audio.delta': 'response.audio.delta',
  'response.output_audio.done': 'response.audio.done',
  'conversation.item.added': 'conversation.item.created',
});

// Beta audio formats are strings; GA's are objects.
const GA_AUDIO_FORMAT = { pcm16: { type: 'audio/pcm', rate: 24000 }, g711_ulaw: { type: 'audio/pcmu' }, g711_alaw: { type: 'audio/pcma' } };

function setPath(target, path, value) {
  const names = path.split('.');
  let node = target;
  for (const name of names.slice(0, -1)) {
    if (node[name] === null || typeof node[name] !== 'object') node[name] = {};
    node = node[name];
  }
  node[names.at(-1)] = value;
}

/**
 * A beta `session.update` session (as DeepChat 2.4.2's `methods.updateConfig` sends it) in GA shape:
 * `type: 'realtime'`, audio settings nested under `audio.input` / `audio.output`. Fields GA dropped
 * (`temperature`) are left out; GA fields pass unchanged.
 * @param {object} session
 */
export function betaSessionToGa(session) {
  const out = { type: 'realtime' };
  for (const [name, value] of Object.entries(session ?? {})) {
    if (name === 'type') continue;
    if (!Object.hasOwn(BETA_SESSION_FIELDS, name)) {
      out[name] = value;
      continue;
    }
    const path = BETA_SESSION_FIELDS[name];
    if (path === null) continue;
    let gaValue = value;
    if (name === 'modalities' && Array.isArray(value)) gaValue = value.includes('audio') ? ['audio'] : ['text'];
    if ((name === 'input_audio_format' || name === 'output_audio_format') && typeof value === 'string') gaValue = GA_AUDIO_FORMAT[value] ?? value;
    setPath(out, path, gaValue);
  }
  return out;
}

/** Gives a GA server event the beta name 2.4.2 listens for, in place; whether it was renamed. */
export function renameForBeta(event) {
  if (!Object.hasOwn(GA_TO_BETA_EVENT, event.type)) return false;
  event.type = GA_TO_BETA_EVENT[event.type];
  return true;
}

/** 2.4.2's beta `session.update`, with its session in GA shape. */
export const sessionUpdateToGa = (event) => ({ ...event, session: betaSessionToGa(event.session) });
