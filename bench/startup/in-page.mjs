// One cold start inside a fresh Chromium page, imported by the page that chromium.mjs opens.
// Like in-node.mjs: fetch and import everything first, then time the same span.
import { artifactOf } from './paths.mjs';
import { timeColdStart, warmUpFetch } from './span.mjs';

/** @param {'set' | 'tools'} path */
export async function coldStartInPage(path) {
  const { name, loader, glue } = artifactOf(path);
  const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  const wasm = await bytesOf(`/dist/${name}.wasm`);
  const source = path === 'set'
    ? { wasm, toolSet: await bytesOf('/tools.rct') }
    : { wasm, tools: (await import('/examples/demo/sample-tools.mjs')).sampleTools };
  const { createCompanion } = await import('/web/index.js');
  const loadCore = await import('/common/load-core.js');
  if (glue) await import(`/dist/${name}.mjs`); // the glue load-core imports: a module-map hit in the span
  await warmUpFetch();
  return timeColdStart({ createCompanion, loadArtifact: loadCore[loader] }, source);
}
