/**
 * `POST /v1/realtime/calls` end to end: the offer is recorded, admitted or refused
 * (`offer-admission.js`, or the fault a test queued with `failNextOffer`), checked to be SDP, and
 * answered `201` with the SDP answer and `Location: /v1/realtime/calls/rtc_…` (`webrtc-answer.js`).
 * A refused offer opens nothing. Each answer sets the offer record's `status` and `code`.
 */
import { admitOffer, toldRefusal } from './offer-admission.js';
import { bearer, send, sendOpenAIError, sendRefusal } from './realtime-http.js';
import { answerOffer } from './webrtc-answer.js';

/**
 * @param {object} standIn the realtime stand-in's state: `masterKey`, `isValidKey`, `describeKey`,
 *   `entitled`, `faults` (queued `{ status, error? }`), `notify`, and what `answerOffer` needs.
 * @param {object} offer the offer's record (in `offers`), filled in here.
 */
export async function answerCall(standIn, req, res, body, offer) {
  const answered = (status, code = null) => {
    offer.status = status;
    offer.code = code;
    standIn.notify();
  };
  const { masterKey, isValidKey, describeKey, faults } = standIn;
  const admitted = await admitOffer({
    type: req.headers['content-type'] ?? '', key: bearer(req), body, masterKey, isValidKey, describeKey,
    // Read when the model is checked: a test may change what the project is entitled to meanwhile.
    get entitled() {
      return standIn.entitled;
    },
  });
  offer.key = admitted.key;
  offer.form = admitted.form ?? false;
  const refusal = faults.length > 0 ? toldRefusal(faults.shift()) : admitted.refusal;
  if (refusal) {
    const [status, error] = refusal;
    answered(status, error.code);
    return sendRefusal(res, status, error);
  }
  if (!admitted.sdp.startsWith('v=0')) {
    answered(400);
    return sendOpenAIError(res, 400, 'Invalid SDP offer.', 'invalid_request_error', 'invalid_offer');
  }
  const { session, sdp: answer } = await answerOffer({ offerSdp: admitted.sdp, key: admitted.key, config: admitted.config }, standIn);
  answered(201);
  send(res, 201, 'application/sdp', answer, { Location: `/v1/realtime/calls/${session.callId}` });
}
