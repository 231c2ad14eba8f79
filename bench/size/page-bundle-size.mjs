// `node bench/size/page-bundle-size.mjs`: what a page that bundles the package ships, on each
// path and for keys, raw, gzip -9 and brotli. The measuring is scripts/measure/page-bundle.mjs,
// which the size budget reads too.
import { pageBundleSizes } from '../../scripts/measure/page-bundle.mjs';

export async function printPageBundleSizes() {
  for (const r of await pageBundleSizes()) {
    console.log(`${r.path.padEnd(13)} ${r.part.padEnd(58)} ${String(r.raw).padStart(7)} B raw ${String(r.gzip).padStart(7)} B gzip -9 ${String(r.brotli).padStart(7)} B brotli`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await printPageBundleSizes();
