// Types of `realtime-companion/wasm`: the core's .wasm file, exported so that bundlers can import it
// by path (see the README's "Bundlers" section). Not for Node, which has the file next to the package.

/**
 * The `.wasm` file's URL, as a bundler's asset handling gives it (esbuild `--loader:.wasm=file`,
 * Rollup's `@rollup/plugin-url`, webpack's `asset/resource`; Vite: `realtime-companion/wasm?url`).
 * Pass it as the `wasm` option of createCompanion, compileSchema and lintTools.
 */
declare const wasmUrl: string;
export default wasmUrl;
