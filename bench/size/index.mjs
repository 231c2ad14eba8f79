// `npm run bench:size`: every size figure in one run, from the release build in dist/: the package
// as published, a page as it ships after bundling, and for scale ajv bundled the same way.
// The size of each wasm part (the functions inside) is `npm run bench:parts` (wasm-parts.mjs),
// apart because it needs a profiling build of its own.
import { ajvBundleSize } from './ajv-bundle-size.mjs';
import { printPageBundleSizes } from './page-bundle-size.mjs';
import { printShippedSizes } from './shipped-size.mjs';

console.log('shipped bytes, as published (sources)');
printShippedSizes();
console.log('\nas a page ships them (the artifact\'s .wasm + the esbuild --minify --splitting files it loads)');
await printPageBundleSizes();
const ajv = await ajvBundleSize();
console.log(`\nfor scale: Ajv2020 + ajv-formats, esbuild --minify: ${ajv.raw} B raw ${ajv.gzip} B gzip -9`);
