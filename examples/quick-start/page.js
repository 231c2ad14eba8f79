// The README's DeepChat quick start, the page half (served by server.mjs beside it).
import { createCompanion } from 'realtime-companion';
import { tools } from './tools.mjs';

await customElements.whenDefined('deep-chat');
const chat = document.getElementById('chat');

if (location.hash === '#unified') {
  // The unified interface: DeepChat's offer goes to your server, which starts the call; no key in the page.
  const companion = await createCompanion({ tools });
  window.attachment = companion.attach(chat, { offerEndpoint: '/realtime/call' });
} else {
  // Ephemeral keys: a fresh, short-lived key from your server for every start.
  const companion = await createCompanion({ tools, keyEndpoint: '/ephemeral-key' });
  window.attachment = companion.attach(chat);
}
