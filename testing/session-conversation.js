/**
 * A session's conversation: items are added in order (`conversation.item.added` and `.done`) and
 * wait in `pending` until a response takes them, which is what the scripted model answers; the
 * input audio the client appended becomes a user item when committed.
 */
import { newId } from './ids.js';

/** @param {object} session the session (`session.js`) these methods are given to */
export function conversationOf(session) {
  return {
    /** Adds an item to the conversation (`conversation.item.added` and `.done`); the next response takes it. */
    addItem(item, previousItemId) {
      const previous_item_id = previousItemId ?? session.items.at(-1)?.id ?? null;
      session.items.push(item);
      session.pending.push(item);
      session.send({ type: 'conversation.item.added', previous_item_id, item });
      session.send({ type: 'conversation.item.done', previous_item_id, item });
    },
    /** The items created since the last response began; they are now taken. */
    takePending() {
      return session.pending.splice(0);
    },
    /** Commits the appended input audio as a user item (its transcript unknown). */
    commitInputAudio() {
      const item = { id: newId('item'), object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio', transcript: null }] };
      session.inputAudioBytes = 0;
      session.send({ type: 'input_audio_buffer.committed', previous_item_id: session.items.at(-1)?.id ?? null, item_id: item.id });
      session.addItem(item);
    },
  };
}
