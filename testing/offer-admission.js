/**
 * What `POST /v1/realtime/calls` admits, as OpenAI checks an offer before it answers it:
 *
 * - `application/sdp` with an ephemeral key the REST stand-in minted and that has not expired; the
 *   session is the key's;
 * - `multipart/form-data` (the unified interface, from the page's server) with the project's master
 *   key, an `sdp` part and an optional `session` JSON part, checked as `client_secrets` checks it;
 * - either way, the session's model: not a realtime model → 400 `invalid_model`; a realtime model the
 *   project is not entitled to → 403 `model_not_found` (keys are minted for any name; this is where
 *   OpenAI refuses it).
 *
 * A refusal is `[status, OpenAI error object]`.
 */
import { effectiveSession, error as openaiErrorObject, refuseModel, refuseSession } from './ga-protocol.js';

/** The multipart form's `sdp` and `session` parts (as text), or null if it is not a form. */
async function formOf(type, body) {
  try {
    const form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    const text = async (part) => (part === null ? null : typeof part === 'string' ? part : await part.text());
    return { sdp: await text(form.get('sdp')), session: await text(form.get('session')) };
  } catch {
    return null;
  }
}

const invalidKey = () => [401, openaiErrorObject('Incorrect API key provided. Your ephemeral key may have expired.', 'invalid_api_key')];

/** A unified-interface offer: the master key, the `sdp` part, the `session` part as `client_secrets` takes it. */
async function admitForm({ type, key, body, masterKey }) {
  if (masterKey === undefined || key !== masterKey) return { key, refusal: invalidKey() };
  const form = await formOf(type, body);
  if (!form?.sdp) return { key, refusal: [400, openaiErrorObject("Missing required parameter: 'sdp'.", 'missing_required_parameter', 'sdp')] };
  let asked = { type: 'realtime' };
  if (form.session !== null) {
    try {
      asked = JSON.parse(form.session);
    } catch {
      return { key, refusal: [400, openaiErrorObject("Invalid JSON in 'session'.", 'invalid_json', 'session')] };
    }
    const refusal = refuseSession(asked);
    if (refusal) return { key, refusal: [400, refusal] };
  }
  return { key, form: true, sdp: form.sdp, config: effectiveSession(asked) };
}

/** A page's offer: an ephemeral key still valid, the session it was minted with. */
function admitSdp({ key, body, isValidKey, describeKey }) {
  if (!isValidKey(key)) return { key, refusal: invalidKey() };
  return { key, form: false, sdp: body.toString('utf8'), config: effectiveSession(describeKey(key) ?? { type: 'realtime' }) };
}

/**
 * What OpenAI would refuse this offer with, or the session it opens:
 * `{ key, form?, sdp?, config?, refusal?: [status, error object] }`.
 * @param {{ type: string, key: string, body: Buffer, masterKey?: string, isValidKey: (key: string) => boolean,
 *   describeKey: (key: string) => object | undefined, entitled: Set<string> }} offer
 */
export async function admitOffer(offer) {
  const { type } = offer;
  let admitted;
  if (/^multipart\/form-data/i.test(type)) admitted = await admitForm(offer);
  else if (/^application\/sdp/i.test(type)) admitted = admitSdp(offer);
  else return { key: offer.key, refusal: [400, openaiErrorObject("Unsupported content type: expected 'application/sdp' or 'multipart/form-data'.", 'unsupported_content_type')] };
  if (admitted.refusal) return admitted;
  const refusal = admitted.config.type === 'realtime' ? refuseModel(admitted.config.model, offer.entitled) : null;
  return refusal ? { ...admitted, refusal } : admitted;
}

/**
 * A refusal a test asked for (`failNextOffer`, `refuseNextSideband`) as `[status, error object]`:
 * its own error object, or OpenAI's for the status.
 */
export const toldRefusal = ({ status, error }) => [status, error ?? (status === 401
  // OpenAI's own 401, which quotes a masked key
  ? openaiErrorObject('Incorrect API key provided: ek_68d0****a1b2. Your ephemeral key may have expired.', 'invalid_api_key')
  : openaiErrorObject(`stand-in told to refuse this offer with ${status}`, null, null, 'server_error'))];
