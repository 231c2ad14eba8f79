// One cold start inside a fresh Chromium page, imported by the page that
// bench/cold-start-chromium.mjs opens. Like bench/cold-start-run.mjs: fetch
// and import everything first, then time the same span.
import { timeColdStart, warmUpFetch } from './cold-start-span.mjs';

/** @param {'set' | 'tools'} path */
export async function coldStartInPage(path) {
  const artifact = path === 'set' ? 'realtime-companion-browser' : 'realtime-companion-core';
  const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  const wasm = await bytesOf(`/dist/${artifact}.wasm`);
  const source = path === 'set'
    ? { wasm, toolSet: await bytesOf('/tools.rct') }
    : { wasm, tools: (await import('/web/demo/sample-tools.mjs')).sampleTools };
  const { createCompanion } = await import('/web/index.js');
  await import(`/dist/${artifact}.mjs`); // the glue createCompanion imports: a module-map hit in the span
  await warmUpFetch();
  return timeColdStart(createCompanion, source);
}
