// The realtime stand-in's werift (testing/werift.js) as the DTLS client: a HelloVerifyRequest that
// comes again (the server answering a ClientHello retransmitted under load) is dropped, not thrown.
// werift threw, which failed the peer connection while the handshake went on, and the stand-in
// ended the call before it opened. Checked on the flight itself: a loaded machine is not needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import '../../testing/werift.js'; // applies the fixes to werift's CommonJS build

const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve('werift')), '../..');
const { Flight3 } = require(join(lib, 'dtls/src/flight/client/flight3.js'));

const verifyRequest = { cookie: Buffer.from('a-cookie') };

for (const flight of [3, 5, 7]) {
  test(`a HelloVerifyRequest again after the client's flight ${flight}: dropped, nothing sent, the handshake's state kept`, async () => {
    const sent = [];
    const lastFlight = [{ cookie: Buffer.alloc(0) }];
    const dtls = { flight, lastFlight, handshakeCache: ['kept'], cookie: Buffer.from('first') };
    await new Flight3({ send: (buf) => sent.push(buf) }, dtls).exec(verifyRequest);
    assert.deepEqual(sent, []);
    assert.equal(dtls.flight, flight);
    assert.deepEqual(dtls.handshakeCache, ['kept']);
    assert.equal(dtls.cookie.toString(), 'first');
  });
}
