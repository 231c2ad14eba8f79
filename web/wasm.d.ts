// Types of `realtime-companion/wasm` (the compiler: everything but keys), `realtime-companion/browser-wasm`
// (the browser core, for a page on a compiled tool set) and `realtime-companion/keys-wasm` (the key
// piece, for a page that uses keys): each a .wasm file, exported so that bundlers can import it by
// path (see the README's "Bundlers" section). Not for Node, which has the files next to the package.

/**
 * The `.wasm` file's URL, as a bundler's asset handling gives it (esbuild `--loader:.wasm=file`,
 * Rollup's `@rollup/plugin-url`, webpack's `asset/resource`; Vite: `realtime-companion/wasm?url`).
 * Pass it as the `wasm` option: createCompanion({ toolSet }) takes the browser core's,
 * createCompanion({ tools }), compileSchema and lintTools the compiler's; the key piece's is
 * createCompanion's `keysWasm`.
 */
declare const wasmUrl: string;
export default wasmUrl;
