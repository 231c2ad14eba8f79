// The span every cold-start run times, shared by the Node child (in-node.mjs) and the page
// (in-page.mjs) so both measure the same thing: from the .wasm bytes (and the compiled set or
// the raw tools) in memory to the first routed tool call's result. The caller has already read
// the files and imported the JavaScript, so no I/O is timed.
//
// The span is cut into phases from outside the package, through what it already accepts:
// the bench compiles the module itself (WebAssembly.compile) and hands it in as `wasm`;
// loading the artifact first (loadBrowserCore / loadCore with that module) covers instantiate
// and the runtime's init, and createCompanion then finds that instance in load-core's cache, so
// it times the companion alone. Instantiate is told from the rest of that load (the glue's
// set-up and the runtime's init: constructors, memory views) by watching WebAssembly's calls.

// An instant backend: the span is the core's start-up, not a network.
export const instantFetch = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
export const firstCall = { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' };

export const phases = [
  ['compileMs', 'compile'],
  ['instantiateMs', 'instantiate'],
  ['initMs', 'runtime init'],
  ['companionMs', 'companion'],
  ['firstCallMs', 'first call'],
];

// Every WebAssembly compile and instantiation in this realm, from this module's import on: the
// span's own instantiation is told from the rest by when it ran, and the warm-up waits for the rest.
const wasmCalls = [];
const pending = new Set();
for (const name of ['compile', 'instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (!original) continue;
  WebAssembly[name] = function (...args) {
    const call = { name, started: performance.now(), ended: undefined };
    wasmCalls.push(call);
    const promise = original.apply(WebAssembly, args);
    pending.add(promise);
    const settled = () => {
      call.ended = performance.now();
      pending.delete(promise);
    };
    promise.then(settled, settled);
    return promise;
  };
}

/**
 * Runs the fake backend once, outside the span, the way a call reads it, and waits until no
 * WebAssembly is compiling or instantiating. Node loads its fetch classes (Response, streams,
 * AbortController) on first use, tens of ms that belong to this scaffolding, not to the core, and
 * loading them starts compiling and instantiating undici's HTTP parser (llhttp, a wasm module)
 * in the background, which would otherwise land inside the span. Pages have all this built in.
 */
export async function warmUpFetch() {
  const reader = (await instantFetch()).body.getReader();
  while (!(await reader.read()).done);
  new AbortController().signal.addEventListener('abort', () => {});
  new TextDecoder().decode(new Uint8Array(1));
  // A compile's continuation may start an instantiation: check again after a macrotask.
  do {
    await Promise.allSettled(pending);
    await new Promise((resolve) => setTimeout(resolve, 0));
  } while (pending.size > 0);
}

/**
 * @param {{ createCompanion: Function, loadArtifact: (wasm: WebAssembly.Module) => Promise<unknown> }} api
 *   the package's createCompanion, and the load-core function for the artifact `source.wasm` holds
 * @param {{ wasm: Uint8Array, toolSet?: Uint8Array, tools?: object[] }} source  one path: toolSet or tools
 * @returns {Promise<Record<string, number>>} each phase's ms, totalMs, and instances: how many
 *   WebAssembly instantiations the span held (1 unless something else loads on the cold path)
 */
export async function timeColdStart({ createCompanion, loadArtifact }, source) {
  // The sample tools' page-run tool (set_theme) needs its function: beside a compiled set, or in the raw tool.
  const run = () => ({ ok: true });
  const options = source.tools
    ? { tools: source.tools.map((tool) => (tool.execute === true ? { ...tool, execute: run } : tool)) }
    : { toolSet: source.toolSet, execute: { set_theme: run } };
  const before = wasmCalls.length;
  const started = performance.now();
  const module = await WebAssembly.compile(source.wasm);
  const compiled = performance.now();
  await loadArtifact(module);
  const loaded = performance.now();
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', fetch: instantFetch, ...options, wasm: module });
  const created = performance.now();
  const result = await companion.functionHandler(firstCall);
  const answered = performance.now();
  // A run that did not route the call, or instantiated elsewhere than expected, measured something else.
  if (result?.ok !== true) throw new Error(`the first call did not succeed: ${JSON.stringify(result)}`);
  const instantiations = wasmCalls.slice(before).filter((call) => call.name !== 'compile');
  const ours = instantiations.find((call) => call.started >= compiled && call.ended <= loaded);
  if (!ours) throw new Error('the artifact was not instantiated while it loaded');
  companion.dispose();
  const instantiateMs = ours.ended - ours.started;
  return {
    compileMs: compiled - started,
    instantiateMs,
    initMs: loaded - compiled - instantiateMs,
    companionMs: created - loaded,
    firstCallMs: answered - created,
    totalMs: answered - started,
    instances: instantiations.length,
  };
}
