// A key page (keyEndpoint), Vite and webpack: no `wasm` or `keysWasm` option, the package's own
// new URL(..., import.meta.url) of each artifact is bundled; the key piece is a chunk of its own.
import { createCompanion } from 'realtime-companion';

const companion = await createCompanion({ tools, keyEndpoint: '/ephemeral-key', keys: { prefetchOnCreate: false } });
