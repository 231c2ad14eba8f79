// Vite and webpack: no `wasm` option, the package's own new URL(..., import.meta.url) is bundled.
import { createCompanion, compileSchema, lintTools } from 'realtime-companion';

const companion = await createCompanion({ tools });
const validator = await compileSchema(schema);
const { warnings } = await lintTools(tools);
