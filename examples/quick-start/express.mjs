// The README's quick start with Express: `OPENAI_API_KEY=sk-… node express.mjs`, then open
// http://127.0.0.1:8080/ (PORT to change). Beside it: index.html, page.js and tools.mjs. Run by
// tests/examples/quick-start-frameworks.test.mjs against a local stand-in of OpenAI (OPENAI_BASE_URL).
import express from 'express';
import { fileURLToPath } from 'node:url';
import { createEphemeralKeyHandler, createRealtimeCallHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools } from './tools.mjs';

const port = Number(process.env.PORT ?? 8080);
const settings = {
  allowedOrigins: [`http://127.0.0.1:${port}`], // your page's origin
  model: 'gpt-realtime',
  instructions: 'Use get_weather for weather questions.',
  tools, // the page's list as it is: OpenAI gets it without the routes
};
const app = express();
app.all('/ephemeral-key', createEphemeralKeyHandler(settings)); // a fresh key for every start
app.all('/realtime/call', createRealtimeCallHandler(settings)); // or the unified interface: no key in the page
app.use(await createToolMiddleware(tools)); // every tool call checked again, here
app.get('/api/get_weather', (req, res) => res.json({ city: req.toolCall.arguments.city, celsius: 21 }));

// The page, the package's browser files and DeepChat (a bundler such as Vite does this for you).
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const companion = import.meta.resolve('realtime-companion'); // …/web/index.js
app.get('/', (req, res) => res.sendFile(here('index.html')));
app.get(['/page.js', '/tools.mjs'], (req, res) => res.type('js').sendFile(here(req.path.slice(1))));
app.get('/deep-chat.js', (req, res) => res.sendFile(fileURLToPath(new URL('deepChat.bundle.js', import.meta.resolve('deep-chat')))));
app.use('/realtime-companion/web', express.static(fileURLToPath(new URL('.', companion))));
app.use('/realtime-companion/common', express.static(fileURLToPath(new URL('../common/', companion))));
app.use('/realtime-companion/dist', express.static(fileURLToPath(new URL('../dist/', companion))));
app.listen(port, '127.0.0.1', () => console.log(`quick start: http://127.0.0.1:${port}/`));
