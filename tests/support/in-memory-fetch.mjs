// A fetch that answers from memory, for tests and benchmarks that measure the
// companion itself rather than the network.
export function inMemoryFetch(answer) {
  return async (url, init = {}) => {
    const { status = 200, type = 'application/json', body = '', headers = {} } = answer(String(url), init);
    return new Response(status === 204 ? null : body, { status, headers: { 'content-type': type, ...headers } });
  };
}

let keyCounter = 0;

/** Answers a key endpoint: a fresh one-minute key each time, with a Date header. */
export function keyAnswer() {
  const now = Date.now();
  return {
    body: JSON.stringify({ value: `ek_mem_${++keyCounter}_abcdefghijklmnop`, expires_at: Math.floor(now / 1000) + 60 }),
    headers: { date: new Date(now).toUTCString() },
  };
}
