// `node bench/size/shipped-size.mjs`: the bytes the package publishes, per part, raw, gzip -9
// and brotli. The measuring is scripts/measure/shipped-size.mjs, which the size budget reads too.
import { shippedSizes } from '../../scripts/measure/shipped-size.mjs';

export function printShippedSizes() {
  for (const r of shippedSizes()) {
    console.log(`${r.part.padEnd(18)} ${String(r.raw).padStart(7)} B raw ${String(r.gzip).padStart(7)} B gzip -9 ${String(r.brotli).padStart(7)} B brotli`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printShippedSizes();
