/**
 * The WebRTC side of an admitted offer: a peer connection on loopback (werift) and its session.
 * The answer carries a sendrecv audio track in a stream, because DeepChat's `ontrack` reads
 * `streams[0]`; the call ends when the peer connection closes, fails or disconnects, or when the
 * events channel closes.
 */
import { RTCPeerConnection, MediaStreamTrack, MediaStream } from './werift.js';
import { attachEventsChannel } from './events-channel.js';
import { newId } from './ids.js';
import { createSession } from './session.js';

/** The answer's audio: one track in one stream. */
function answerAudio() {
  const stream = new MediaStream({ id: newId('stream') });
  const track = new MediaStreamTrack({ kind: 'audio' });
  stream.addTrack(track);
  return { stream, track };
}

/** Every audio transceiver of the offer sends and receives, with the answer's track in its stream. */
async function sendAudio(pc, { stream, track }) {
  for (const transceiver of pc.getTransceivers()) {
    if (transceiver.kind !== 'audio') continue;
    transceiver.setDirection('sendrecv');
    await transceiver.sender.replaceTrack(track);
    transceiver.sender.streamId = stream.id;
  }
}

/**
 * Opens a session for an admitted offer and answers it.
 * @param {{ offerSdp: string, key: string, config: object }} offer `config`: the effective session.
 * @param {{ adopt: (session: object) => void, receive: Function, notify: () => void }} standIn
 *   `adopt` records the session before any of its events can arrive.
 * @returns {Promise<{ session: object, sdp: string }>}
 */
export async function answerOffer({ offerSdp, key, config }, { adopt, receive, notify }) {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
  const session = createSession({ key, config, pc });
  adopt(session);
  const audio = answerAudio();

  const closed = () => {
    if (session.state !== 'closed') session.ended();
    notify();
  };
  pc.connectionStateChange.subscribe((state) => {
    if (state === 'closed' || state === 'failed' || state === 'disconnected') closed();
    else notify();
  });
  pc.onDataChannel.subscribe((channel) => attachEventsChannel(session, channel, { receive, notify, closed }));

  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await sendAudio(pc, audio);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  return { session, sdp: pc.localDescription.sdp };
}
