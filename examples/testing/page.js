// The page: DeepChat in voice mode with the companion, on the unified interface (no key in the page).
import { createCompanion } from 'realtime-companion';
import { tools } from './tools.mjs';

await customElements.whenDefined('deep-chat');
const chat = document.getElementById('chat');

if (location.hash === '#ephemeral-key') {
  // The ephemeral-key path: in a test, the offer goes to the stand-in the test named (see docs/testing.md).
  const companion = await createCompanion({ tools, keyEndpoint: '/ephemeral-key' });
  window.attachment = companion.attach(chat, { realtimeBaseURL: window.realtimeBaseURL });
} else {
  const companion = await createCompanion({ tools });
  window.attachment = companion.attach(chat, { offerEndpoint: '/realtime/call' });
}
