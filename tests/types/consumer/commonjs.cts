// A CommonJS file: TypeScript compiles these imports to require(), which Node 20.19 and later
// allow for this ES module package (no top-level await).
import { createCompanion } from 'realtime-companion';
import { createToolMiddleware } from 'realtime-companion/server';

export async function start() {
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:8080', tools: [{ name: 'ping' }] });
  return { companion, middleware: await createToolMiddleware([{ name: 'ping' }]) };
}
