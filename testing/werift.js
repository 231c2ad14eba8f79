/**
 * werift (pure TypeScript WebRTC) for the realtime stand-in, with two fixes to its DTLS layer.
 *
 * The bug (werift 0.24.x and 0.25.x, both roles): `sendFinished()` switches to epoch 1 but numbers
 * the Finished record with the epoch-0 counter (`++recordSequenceNumber`, e.g. 8), then resets the
 * counter to 0. Application data at epoch 1 then counts 1, 2, 3 … and the 8th record repeats the
 * Finished's (epoch, sequence number). Chromium's anti-replay window (RFC 6347 §4.1.2.6) drops it
 * silently, so one early SCTP packet (in practice the third data-channel message) only arrives
 * after SCTP retransmits it, about a second later.
 *
 * The fix: number the Finished record 0, as RFC 6347 §4.1 asks for the first record of a new epoch
 * (what OpenSSL and BoringSSL send). The counter then continues 1, 2, … with no repeat. It is
 * applied to werift's CommonJS build (`require('werift')`), whose classes are reachable; the ESM
 * bundle is a separate copy, so the stand-in imports werift only through this module.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * werift is an optional peer dependency: only the realtime stand-in needs it, and a page's own
 * install should not pull a WebRTC stack in. Missing, it is named with the command that adds it.
 */
function requireWerift() {
  try {
    return require('werift');
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes("'werift'")) throw error;
    throw new Error('realtime-companion/testing: the realtime stand-in needs werift (WebRTC in Node), an optional peer dependency; '
      + 'run "npm install --save-dev werift"', { cause: error });
  }
}
const werift = requireWerift();

// `lib/webrtc/src/index.js` → `lib/`. The flights are not in werift's exports map, so they are
// required by file; the same files the CommonJS build loads, hence the same classes.
const lib = join(dirname(require.resolve('werift')), '../..');
const flights = [
  require(join(lib, 'dtls/src/flight/server/flight6.js')).Flight6, // werift is the DTLS server
  require(join(lib, 'dtls/src/flight/client/flight5.js')).Flight5, // werift is the DTLS client
];

for (const Flight of flights) {
  const original = Flight.prototype.sendFinished;
  if (typeof original !== 'function') throw new Error('werift changed: no sendFinished to fix; see realtime-companion/testing/werift.js');
  if (original.fixedFinishedSequence) continue;
  const sendFinished = function sendFinished() {
    // createPacket() pre-increments: -1 makes the Finished record (epoch 1) sequence number 0.
    this.dtls.recordSequenceNumber = -1;
    return original.call(this);
  };
  sendFinished.fixedFinishedSequence = true;
  Flight.prototype.sendFinished = sendFinished;
}

// The second bug (werift 0.24.x, werift the DTLS client, as the stand-in is): on a loaded machine
// the ClientHello's retransmission timer can fire before the server's HelloVerifyRequest arrives,
// so the server answers both ClientHellos. `Flight3.exec()` throws on the second HelloVerifyRequest
// (it has already sent flight 3), and that throw fails the DTLS transport and the peer connection
// ('failed') while the handshake goes on and completes. The stand-in ends a call whose connection
// failed, so the call never opened (5 of 6 calls, three stand-ins at once on a loaded 2-core
// machine). The fix: a HelloVerifyRequest after flight 1 is a repeat, and is dropped; flight 3
// has its own retransmission timer, so nothing is lost by not sending it twice.
const { Flight3 } = require(join(lib, 'dtls/src/flight/client/flight3.js'));
const execFlight3 = Flight3.prototype.exec;
if (typeof execFlight3 !== 'function') throw new Error('werift changed: no Flight3.exec to fix; see realtime-companion/testing/werift.js');
if (!execFlight3.dropsRepeatedHelloVerify) {
  const exec = function exec(verifyRequest) {
    if (this.dtls.flight >= 3) return Promise.resolve(); // client flights are 1, 3, 5, 7
    return execFlight3.call(this, verifyRequest);
  };
  exec.dropsRepeatedHelloVerify = true;
  Flight3.prototype.exec = exec;
}

export const { RTCPeerConnection, MediaStreamTrack, MediaStream } = werift;
export const weriftVersion = require(join(lib, '../package.json')).version;
