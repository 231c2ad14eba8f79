// A real key endpoint on 127.0.0.1 whose answer each test sets: every shape a
// backend returns, failures, stalls, misconfigurations (an sk- key), caches
// that repeat a key, rate limits, and any literal answer (`custom`).
import http from 'node:http';

/** The most of `requests` (records of state.requests) under way at once, from their arrival and end times. */
export function mostAtOnce(requests) {
  const edges = requests.flatMap((r) => [[r.at, 1], [r.endedAt ?? Infinity, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (now += step));
  return most;
}

export async function startKeyEndpoint() {
  let counter = 0;
  const state = {
    requests: [],
    behaviour: 'value_object',
    lifetimeSeconds: 60,
    serverClockOffsetMs: 0, // the server's clock vs this machine's (simulates client skew)
    delayMs: 0,
    dateHeader: null, // a literal Date header instead of the server's clock
    custom: { status: 200, type: 'application/json', body: '', headers: {} }, // behaviour 'custom'
    inFlight: 0,
    maxInFlight: 0, // of all requests; see mostAtOnce for one client's
  };
  const nextKey = () => `ek_test_${++counter}_${'x'.repeat(24)}`;
  const answers = {
    value_object: (res, expiresAt) => json(res, 200, { value: nextKey(), expires_at: expiresAt }),
    ga: (res, expiresAt) => json(res, 200, { value: nextKey(), expires_at: expiresAt, session: { type: 'realtime' } }),
    client_secret: (res, expiresAt) => json(res, 200, { id: 'sess_1', client_secret: { value: nextKey(), expires_at: expiresAt } }),
    json_string: (res) => json(res, 200, nextKey()),
    plain_text: (res) => text(res, 200, 'text/plain', `${nextKey()}\n`),
    master_key: (res) => json(res, 200, { value: `sk-proj-${'A'.repeat(40)}`, expires_at: 0 }),
    key_with_newline: (res, expiresAt) => json(res, 200, { value: 'ek_abc\ndef', expires_at: expiresAt }),
    html: (res) => text(res, 200, 'text/html', '<!doctype html><title>Sign in</title>'),
    empty: (res) => text(res, 200, 'text/plain', ''),
    unauthorized: (res) => json(res, 401, { error: 'sign in' }),
    server_error: (res) => json(res, 500, { error: 'boom' }),
    never: () => {}, // accepts and never answers
    with_model: (res, expiresAt) => json(res, 200, { value: nextKey(), expires_at: expiresAt, model: 'gpt-realtime-2.1-mini' }),
    // A cache in front of the endpoint: the same key, again and again.
    cached: (res, expiresAt) => json(res, 200, { value: 'ek_cached_0123456789abcdef', expires_at: expiresAt }),
    rate_limited: (res) => {
      res.setHeader('retry-after', '1');
      json(res, 429, { error: 'rate limited' });
    },
    custom: (res) => {
      const { status, type, body, headers } = state.custom;
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
      text(res, status, type, body);
    },
  };
  const server = http.createServer((req, res) => {
    const record = { url: req.url, headers: req.headers, at: Date.now(), endedAt: undefined };
    state.requests.push(record);
    const now = Date.now() + state.serverClockOffsetMs;
    res.setHeader('date', state.dateHeader ?? new Date(now).toUTCString());
    state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
    let done = false; // the answer is sent ('finish'), or the connection went ('close'): whichever first
    const leave = () => done || (done = true, state.inFlight--, record.endedAt = Date.now());
    res.on('finish', leave).on('close', leave);
    const expiresAt = Math.floor(now / 1000) + state.lifetimeSeconds;
    let behaviour = state.behaviour;
    if (behaviour === 'flapping') behaviour = state.requests.length % 2 === 1 ? 'server_error' : 'value_object';
    const answer = () => answers[behaviour](res, expiresAt);
    if (state.delayMs) setTimeout(answer, state.delayMs);
    else answer();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${server.address().port}/ephemeral-key`,
    issued: () => counter,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

function json(res, status, body) {
  text(res, status, 'application/json', JSON.stringify(body));
}

function text(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
