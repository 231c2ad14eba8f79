// A key page with esbuild or Rollup: the key piece's .wasm imported by its export, as the core's is.
import { createCompanion } from 'realtime-companion';
import wasmUrl from 'realtime-companion/wasm';
import keysWasmUrl from 'realtime-companion/keys-wasm';

const companion = await createCompanion({
  tools, keyEndpoint: '/ephemeral-key', keys: { prefetchOnCreate: false },
  wasm: new URL(wasmUrl, import.meta.url), keysWasm: new URL(keysWasmUrl, import.meta.url),
});
