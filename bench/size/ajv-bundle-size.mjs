// The size of the alternative: Ajv2020 + ajv-formats bundled and minified
// with esbuild for the browser, raw and gzip -9.
import { gzipSync } from 'node:zlib';

import { minifiedBundle } from './minified-bundle.mjs';

export async function ajvBundleSize() {
  const bytes = await minifiedBundle({
    stdin: {
      contents: "import Ajv2020 from 'ajv/dist/2020.js'; import addFormats from 'ajv-formats'; const ajv = new Ajv2020(); addFormats(ajv); export default ajv;",
      resolveDir: new URL('../..', import.meta.url).pathname,
    },
  });
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
