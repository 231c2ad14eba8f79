// common/response-sequencer.js alone: when a response.create may go out.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createResponseSequencer } from '../../common/response-sequencer.js';

function sequencer() {
  const sent = [];
  const s = createResponseSequencer({ send: (event) => sent.push(event) });
  return { s, sent, creates: () => sent.filter((e) => e.type === 'response.create').length };
}

test('free conversation: a create goes out at once, with an event_id of ours', () => {
  const { s, sent } = sequencer();
  s.requestCreate({ type: 'response.create' });
  assert.equal(sent.length, 1);
  assert.match(sent[0].event_id, /^rc_create_\d+$/);
});

test('while a response is under way, any number of requests become one create after it', () => {
  const { s, creates } = sequencer();
  s.responseCreated('r1');
  s.requestCreate();
  s.requestCreate();
  s.requestCreate();
  assert.equal(creates(), 0);
  s.responseDone('r1');
  assert.equal(creates(), 1);
});

test('a create sent and not yet answered by response.created holds the next one', () => {
  const { s, creates } = sequencer();
  s.requestCreate();
  s.requestCreate();
  assert.equal(creates(), 1);
  s.responseCreated('r1');
  assert.equal(creates(), 1, 'the second request waits for the response of the first');
  s.responseDone('r1');
  assert.equal(creates(), 2);
});

test('pending calls hold the create until the last is answered; a dropped call asks for nothing', () => {
  const { s, creates } = sequencer();
  s.callStarted('a');
  s.callStarted('b');
  s.requestCreate();
  s.callAnswered('a');
  assert.equal(creates(), 0);
  s.callAnswered('b');
  assert.equal(creates(), 1);
  s.responseCreated('r');
  s.responseDone('r');
  s.callStarted('c');
  s.callAnswered('c', { wantsResponse: false });
  assert.equal(creates(), 1);
  s.callAnswered('unknown');
  assert.equal(creates(), 1);
});

test('a refusal of our create (echoed event_id, or none) holds it again until the running response is done', () => {
  for (const echo of [true, false]) {
    const { s, sent, creates } = sequencer();
    s.requestCreate();
    assert.equal(s.refusedCreate(echo ? sent[0].event_id : null), true);
    assert.equal(creates(), 1);
    s.responseCreated('vad'); // arrives after the error
    s.responseDone('vad');
    assert.equal(creates(), 2);
  }
});

test('the VAD response.created arrives before the refusal of our create: still ours, still sent again', () => {
  const { s, sent, creates } = sequencer();
  s.requestCreate();
  s.responseCreated('vad');
  assert.equal(s.refusedCreate(sent[0].event_id), true);
  s.responseDone('vad');
  assert.equal(creates(), 2);
});

test('a refusal of somebody else\'s event, or a second refusal of the same create, is not ours', () => {
  const { s, sent } = sequencer();
  assert.equal(s.refusedCreate('evt_other'), false);
  s.requestCreate();
  assert.equal(s.refusedCreate('evt_other'), false);
  assert.equal(s.refusedCreate(sent[0].event_id), true);
  assert.equal(s.refusedCreate(sent[0].event_id), false);
});

test('another refusal of our create frees the channel (no response will come of it)', () => {
  const { s, sent, creates } = sequencer();
  s.requestCreate();
  s.clientEventFailed(sent[0].event_id);
  s.requestCreate();
  assert.equal(creates(), 2);
});

test('a response.done never announced by response.created frees the channel too', () => {
  const { s, creates } = sequencer();
  s.responseCreated(undefined);
  s.requestCreate();
  s.responseDone('r_unseen');
  assert.equal(creates(), 1);
});

test('closed: nothing more goes out', () => {
  const { s, creates } = sequencer();
  s.responseCreated('r');
  s.requestCreate();
  s.close();
  s.responseDone('r');
  s.requestCreate();
  assert.equal(creates(), 0);
});
