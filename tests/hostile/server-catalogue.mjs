// The server side of the hostile-input catalogue (realtime-companion/server): each entry is an
// input, where it enters, and the outcome promised. tests/hostile/server-catalogue.test.mjs runs
// every entry against real servers on 127.0.0.1 (createToolMiddleware on node:http, the key
// handler against a hostile upstream); `node tests/hostile/print-table.mjs server` prints the table
// kept in docs/HOSTILE_INPUTS.md. The wirings (express, Fastify) and the timing-bound entries are in
// tests/tool-calls/documented-wirings.test.mjs, tests/rate-limit/many-clients.test.mjs and frozen-redis.test.mjs.

const now = () => Math.floor(Date.now() / 1000);
const ek = `ek_${'0123456789abcdef'.repeat(2)}`;

/** @type {{ id: string, entry: string, input: string, expected: string, run: (ctx: object) => Promise<object> }[]} */
export const serverCatalogue = [
  // --- request targets (createToolMiddleware) ---
  ...[['target-ipv6-bracket', '//[/x'], ['target-bad-port', '//a:99999/'], ['target-absolute-bad-port', 'http://a:99999/api/get_weather?city=x']].map(([id, target]) => ({
    id, entry: 'request target', input: `GET ${target} (new URL() throws)`, expected: '400 bad_request_target; the process stays up',
    run: ({ tool }) => tool('GET', target),
  })),
  { id: 'target-aborted-body', entry: 'request target', input: 'a POST whose client disconnects mid-body', expected: 'dropped without an answer; the process stays up',
    run: ({ aborted }) => aborted('/api/restaurants/x/bookings') },
  ...[['target-case', '/api/GET_WEATHER?days=3'], ['target-trailing-slash', '/api/get_weather/?days=3'], ['target-double-slash', '/api//get_weather?days=3'],
    ['target-encoded-letter', '/api/get%5Fweather?days=3'], ['target-absolute-form', 'http://127.0.0.1/api/get_weather?days=3']].map(([id, target]) => ({
    id, entry: 'request target', input: `GET ${target}`, expected: 'matched to get_weather: 400 invalid_arguments, no handler reached',
    run: ({ tool }) => tool('GET', target),
  })),
  { id: 'target-head', entry: 'request target', input: 'HEAD /api/get_weather?days=3', expected: 'validated as GET: 400, no handler reached',
    run: ({ tool }) => tool('HEAD', '/api/get_weather?days=3') },
  ...['/api/files/..', '/api/files/%2e%2e', '/api/files/.%2E', '/api/files/..%2F..%2Fetc', '/api/files/%C0%AE%C0%AE', '/api/x/../get_weather?city=x'].map((target, i) => ({
    id: `target-dot-${i + 1}`, entry: 'request target', input: `GET ${target}`, expected: '400 bad_request_target (a dot segment), no handler reached',
    run: ({ tool }) => tool('GET', target),
  })),
  { id: 'target-double-encoded-dot', entry: 'request target', input: 'GET /api/files/%252e%252e', expected: 'data, decoded once: the handler gets id="%2e%2e", validated',
    run: ({ tool }) => tool('GET', '/api/files/%252e%252e') },
  ...[['target-semicolon', '/api/get_weather;city=x'], ['target-backslash', '/api\\get_weather?city=x'], ['target-fragment', '/api/get_weather?city=x#&admin=1'],
    ['target-bad-utf8', '/api/get_weather?city=%FF']].map(([id, target]) => ({
    id, entry: 'request target', input: `GET ${target}`, expected: '400 bad_request_target, no handler reached',
    run: ({ tool }) => tool('GET', target),
  })),
  { id: 'target-wrong-method', entry: 'request target', input: 'PUT /api/get_weather?city=x', expected: '405 with Allow: GET, HEAD',
    run: ({ tool }) => tool('PUT', '/api/get_weather?city=x', { headers: { 'Content-Length': '0' } }) },
  { id: 'target-mount', entry: 'request target', input: "app.use('/api', validateTools) with basePath '/api' (express strips /api)", expected: 'matched on req.originalUrl: 400 invalid_arguments',
    run: ({ mounted }) => mounted('/api', '/api', '/api/get_weather?admin=1') },
  { id: 'target-mount-mismatch', entry: 'request target', input: "app.use('/api', validateTools) with basePath ''", expected: '500 naming basePath, no handler reached',
    run: ({ mounted }) => mounted('/api', '', '/api/get_weather?admin=1') },
  // --- request bodies ---
  { id: 'body-shadow', entry: 'request body', input: 'a POST body member repeating a path value', expected: '400 invalid_arguments (appears twice)',
    run: ({ tool }) => tool('POST', '/api/restaurants/x/bookings', { body: '{"people":2,"restaurant":["x"]}' }) },
  { id: 'body-on-get', entry: 'request body', input: 'a JSON body on a GET tool', expected: '400 bad_request_target, no handler reached',
    run: ({ tool }) => tool('GET', '/api/get_weather?city=x', { body: '{"city":"../etc"}' }) },
  { id: 'body-not-utf8', entry: 'request body', input: 'a POST body that is not UTF-8', expected: '400 invalid_arguments, never altered and accepted',
    run: ({ tool }) => tool('POST', '/api/restaurants/x/bookings', { body: Buffer.from('{"people":2,"n":"\xff"}', 'latin1') }) },
  { id: 'body-json-after', entry: 'request body', input: 'express.json() mounted after the middleware', expected: 'a valid POST passes (no "stream is not readable")',
    run: ({ jsonAfter }) => jsonAfter() },
  // --- key answers (createEphemeralKeyHandler) ---
  ...[['key-master', 'value "sk-proj-…" (a master key echoed back)', `sk-proj-${'a'.repeat(40)}`, () => now() + 60],
    ['key-own-master', 'value = the server\'s own master key', null, () => now() + 60],
    ['key-crlf', 'a value with CRLF', `${ek}\r\nSet-Cookie: a=b`, () => now() + 60],
    ['key-html', 'a value with HTML', '<img src=x onerror=alert(1)>', () => now() + 60],
    ['key-expired', 'expires_at: 1', ek, () => 1],
    ['key-far', 'expires_at in 2100', ek, () => 4102444800]].map(([id, input, value, expiresAt]) => ({
    id, entry: 'key answer', input, expected: '502 upstream_malformed; the value in no answer or audit line',
    run: ({ key }) => key(value, expiresAt()),
  })),
  { id: 'key-gzip-bomb', entry: 'key answer', input: 'an endless gzip bomb (1000:1)', expected: '502 at 1 MiB decoded, within timeoutMs',
    run: ({ bomb }) => bomb() },
  // --- access and rate limit ---
  { id: 'cors-case', entry: 'Origin header', input: 'HTTPS://APP.EXAMPLE.COM', expected: 'allowed; echoed as https://app.example.com',
    run: ({ cors }) => cors('HTTPS://APP.EXAMPLE.COM') },
  { id: 'cors-userinfo', entry: 'Origin header', input: 'https://evil@app.example.com', expected: '403 origin_not_allowed, nothing echoed',
    run: ({ cors }) => cors('https://evil@app.example.com') },
  { id: 'rate-ipv6', entry: 'client address', input: '8 addresses of one IPv6 /64, burst 3', expected: '3 keys, then 429: one bucket per /64',
    run: ({ ipv6 }) => ipv6() },
];
