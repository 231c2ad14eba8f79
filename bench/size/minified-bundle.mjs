// One way to measure a bundle for both sides of the size comparison: esbuild,
// bundled and minified for the browser as an ES module, as a page's build would.
import { build } from 'esbuild';

/** The bundle's bytes; `input` is esbuild's `entryPoints` or `stdin`. */
export async function minifiedBundle(input) {
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return Buffer.from(result.outputFiles[0].contents);
}
