// The README's DeepChat quick start, the page half (served by server.mjs beside it).
import { createCompanion } from 'realtime-companion';
import { tools } from './tools.mjs';

const companion = await createCompanion({ tools, keyEndpoint: '/ephemeral-key' });
await customElements.whenDefined('deep-chat');
const chat = document.getElementById('chat');
window.attachment = location.hash === '#unified'
  ? companion.attach(chat, { offerEndpoint: '/realtime/call' }) // unified interface: no key in the page at all
  : companion.attach(chat); // a fresh ephemeral key for every start
