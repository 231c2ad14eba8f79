// The span bench/cold-start.mjs times, shared by the Node child and the page so
// both measure the same thing: from the .wasm bytes (and the compiled set or
// the raw tools) in memory to the first routed tool call's result. The caller
// has already read the files and imported the JavaScript, so no I/O is timed.

// An instant backend: the span is the core's start-up, not a network.
const instantFetch = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
const firstCall = { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' };
// The sample set has a tool the page runs itself (set_theme): a companion needs its function,
// given as `execute` beside a compiled set, or on the tool itself among raw tools.
const pageFunctions = { set_theme: () => ({ ok: true }) };
const withPageFunctions = (source) => (source.tools
  ? { tools: source.tools.map((tool) => (tool.execute === true ? { ...tool, execute: pageFunctions[tool.name] } : tool)) }
  : { execute: pageFunctions });

/**
 * Runs the fake backend once, outside the span, the way a call reads it. Node
 * loads its fetch classes (Response, streams, AbortController) on first use,
 * tens of ms that belong to this scaffolding, not to the core; pages have them built in.
 */
export async function warmUpFetch() {
  const reader = (await instantFetch()).body.getReader();
  while (!(await reader.read()).done);
  new AbortController().signal.addEventListener('abort', () => {});
  new TextDecoder().decode(new Uint8Array(1));
}

/**
 * @param {Function} createCompanion
 * @param {{ wasm: Uint8Array, toolSet?: Uint8Array, tools?: object[] }} source  one path: toolSet or tools
 * @returns {Promise<{ createMs: number, firstCallMs: number, totalMs: number }>}
 */
export async function timeColdStart(createCompanion, source) {
  const started = performance.now();
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', fetch: instantFetch, ...source, ...withPageFunctions(source) });
  const created = performance.now();
  const result = await companion.functionHandler(firstCall);
  const answered = performance.now();
  // A run that did not route the call measured something else: say so rather than print it.
  if (result?.ok !== true) throw new Error(`the first call did not succeed: ${JSON.stringify(result)}`);
  companion.dispose();
  return { createMs: created - started, firstCallMs: answered - created, totalMs: answered - started };
}
