// The hostile-input catalogue: each entry is an input, where it enters, and
// the outcome realtime-companion promises. tests/hostile/catalogue.test.mjs
// runs every entry on the WASM build against real servers on 127.0.0.1;
// `node tests/hostile/print-table.mjs` prints the table kept in docs/HOSTILE_INPUTS.md.

const deep = (n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;

/** @type {{ id: string, entry: string, input: string, expected: string, run: (ctx: object) => Promise<object> }[]} */
export const catalogue = [
  // --- model arguments ---
  { id: 'deep-nesting', entry: 'model arguments', input: '100,000-deep nesting', expected: 'invalid_arguments (depth limit 128), no fetch',
    run: ({ call }) => call('echo', deep(100_000)) },
  { id: 'ten-megabytes', entry: 'model arguments', input: 'a 10 MB argument string', expected: 'invalid_arguments (size limit 1 MiB) from its length alone: not copied into WASM memory (which does not grow), not parsed, no fetch',
    run: ({ call }) => call('echo', `{"q":"${'x'.repeat(10 * 1024 * 1024)}"}`) },
  { id: 'huge-tool-name', entry: 'model arguments', input: 'a 300 MB tool name', expected: 'unknown_tool from its length alone: not copied into WASM memory (which does not grow), no fetch',
    run: ({ handle }) => handle({ name: 'x'.repeat(300e6), arguments: '{}' }) },
  { id: 'lone-surrogate-raw', entry: 'model arguments', input: 'a lone surrogate in the JS string (U+D800)', expected: 'invalid_arguments (ill-formed UTF-16, a lone surrogate), no fetch',
    run: ({ call }) => call('echo', '{"q":"\uD800"}') },
  { id: 'lone-surrogate-merge', entry: 'model arguments', input: 'a raw lone surrogate before "}"} (the glue once merged the two into JSON that parses)', expected: 'invalid_arguments (ill-formed UTF-16, a lone surrogate), never merged, no fetch',
    run: ({ call }) => call('echo', '{"q":"\uD800"}"}') },
  { id: 'lone-surrogate-name', entry: 'model arguments', input: 'a lone surrogate in the tool name', expected: 'invalid_arguments (ill-formed UTF-16, a lone surrogate), no fetch',
    run: ({ call }) => call('echo\uD800', '{}') },
  { id: 'lone-surrogate-escaped', entry: 'model arguments', input: 'an escaped lone surrogate "\\ud800"', expected: 'invalid_arguments, no fetch',
    run: ({ call }) => call('echo', '{"q":"\\ud800"}') },
  { id: 'number-1e400', entry: 'model arguments', input: 'the number 1e400', expected: 'invalid_arguments (out of range), no fetch',
    run: ({ call }) => call('echo', '{"n":1e400}') },
  { id: 'negative-zero', entry: 'model arguments', input: 'the number -0', expected: 'sent as n=0, like JavaScript',
    run: ({ call }) => call('echo', '{"n":-0}') },
  { id: 'two-to-the-64-minus-one', entry: 'model arguments', input: '2^64 − 1 (18446744073709551615) and 2^53 + 1', expected: 'sent exactly, as written: GET n=18446744073709551615 and n=9007199254740993 (JavaScript would print 18446744073709552000 and 9007199254740992)',
    run: ({ call }) => call('echo', '{"n":18446744073709551615,"m":9007199254740993}') },
  { id: 'two-to-the-64', entry: 'model arguments', input: '2^64 (18446744073709551616)', expected: 'an integer for the schema, past 64 bits a double: GET sends JavaScript\'s text 18446744073709552000, POST the exact text',
    run: ({ call }) => call('echo', '{"n":18446744073709551616}') },
  { id: 'duplicate-keys', entry: 'model arguments', input: '{"q":"a","q":"../admin"}', expected: 'invalid_arguments (a backend may keep the other value), no fetch',
    run: ({ call }) => call('echo', '{"q":"a","q":"../admin"}') },
  { id: 'proto-keys', entry: 'model arguments', input: '__proto__ and constructor keys', expected: 'plain data: sent as query values, no prototype changed',
    run: ({ call }) => call('echo', '{"__proto__":{"polluted":1},"constructor":"x"}') },
  { id: 'crlf-nul-amp-eq', entry: 'model arguments', input: 'values with CRLF, NUL, & and =', expected: 'percent-encoded; they arrive intact as one value each',
    run: ({ call }) => call('echo', JSON.stringify({ q: 'a\r\nSet-Cookie: x=1\u0000&b=c' })) },
  ...['../echo', '%2e%2e', 'echo?x=1', 'echo#x', 'echo\r\nX-Injected: 1', 'есho' /* Cyrillic */].map((name, i) => ({
    id: `tool-name-${i + 1}`, entry: 'model arguments', input: `tool name ${JSON.stringify(name)}`, expected: 'unknown_tool, no fetch',
    run: ({ call }) => call(name, '{}'),
  })),
  // --- the call object and the page's options ---
  { id: 'call-throwing-getter', entry: 'the call', input: 'a call whose name getter throws', expected: 'invalid_arguments ("the call could not be read"); the handler resolves, onToolCall is told',
    run: ({ handle }) => handle({ get name() { throw new Error('getter'); }, arguments: '{}' }) },
  { id: 'call-revoked-proxy', entry: 'the call', input: 'a revoked Proxy as the call', expected: 'invalid_arguments ("the call could not be read"); the handler resolves, onToolCall is told',
    run: ({ handle }) => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return handle(proxy);
    } },
  { id: 'headers-never-settle', entry: 'page options', input: 'a headers function that never settles', expected: 'timeout at the tool\'s timeoutMs (it covers the whole call), no fetch',
    run: ({ handle }) => handle({ name: 'echo', arguments: '{}' }, { headers: () => new Promise(() => {}), timeoutMs: 300 }) },
  { id: 'listener-rejects', entry: 'page options', input: 'an async onToolCall listener that rejects', expected: 'the rejection is swallowed: no unhandled rejection',
    run: ({ handle }) => handle({ name: 'echo', arguments: '{}' }, { listener: async () => { throw new Error('listener'); } }) },
  // --- tool responses ---
  { id: 'response-100mb', entry: 'tool response', input: 'an answer declaring 100 MB', expected: 'response_too_large, body not read',
    run: ({ call }) => call('huge', '{}') },
  { id: 'response-endless', entry: 'tool response', input: 'an answer that never ends', expected: 'response_too_large at maxResponseBytes (1 MiB)',
    run: ({ call }) => call('endless', '{}') },
  { id: 'response-stall', entry: 'tool response', input: 'an answer that never comes', expected: 'timeout at the tool\'s timeoutMs',
    run: ({ call }) => call('slow', '{}') },
  { id: 'response-lying-type', entry: 'tool response', input: 'application/json with an HTML body', expected: 'invalid_response',
    run: ({ call }) => call('lying', '{}') },
  { id: 'response-redirect-away', entry: 'tool response', input: 'a redirect to another origin', expected: 'blocked_destination, the other origin sees nothing',
    run: ({ call }) => call('redirect-away', '{}') },
  { id: 'redirect-out-of-base', entry: 'tool response', input: 'a same-origin redirect out of baseUrl\'s path (/api to /internal/admin, also via /api/%2e%2e/)', expected: 'blocked_destination, not followed',
    run: ({ handle }) => handle({ name: 'redirect-to', arguments: '{"to":"/api/%2e%2e/internal/admin"}' }, { path: '/api' }) },
  { id: 'redirect-307-post', entry: 'tool response', input: 'a 307 or 308 on POST, PUT or PATCH', expected: 'followed with the same body and content type',
    run: ({ handle }) => handle({ name: 'redirect-307', arguments: '{"n":12345678901234567890}' }) },
  { id: 'redirect-slow-chain', entry: 'tool response', input: 'redirect hops of 400 ms each, timeoutMs 1000', expected: 'timeout at 1000 ms: one deadline for the whole chain',
    run: ({ handle }) => handle({ name: 'redirect-slow', arguments: '{}' }, { timeoutMs: 1000 }) },
  { id: 'redirect-bad-location', entry: 'tool response', input: 'a Location that is not a URL (http://[)', expected: 'network_error, not internal_error',
    run: ({ handle }) => handle({ name: 'redirect-to', arguments: '{"to":"http://["}' }) },
  // --- key responses ---
  ...[['key-html', 'an HTML error page', 'html', 'invalid_key_response'],
    ['key-empty', 'an empty body', 'empty', 'invalid_key_response'],
    ['key-sk', 'an sk-proj- key', 'master_key', 'master_key_refused, the value in no message or event'],
    ['key-newline', 'a key with a newline', 'key_with_newline', 'master_key_refused, the value in no message or event']].map(([id, input, behaviour, expected]) => ({
    id, entry: 'key response', input, expected, run: ({ key }) => key(behaviour),
  })),
  // Not shaped like an ephemeral key (ek_ and 1 to 253 of A-Z a-z 0-9 _ -, no sk-/sk_/sess- anywhere): refused.
  ...[['key-double-encoded', 'a double-encoded JSON string "\\"sk-…\\""', JSON.stringify(JSON.stringify(`sk-proj-${'A'.repeat(40)}`))],
    ['key-bearer', 'Bearer:sk-…', JSON.stringify({ value: `Bearer:sk-proj-${'A'.repeat(40)}` })],
    ['key-quoted', "'sk-None-…' in quotes", JSON.stringify({ value: `'sk-None-${'A'.repeat(40)}'` })],
    ['key-mark-inside', 'ek_… with sk-proj-… inside it', JSON.stringify({ value: `ek_68af296e8e408191sk-proj-${'A'.repeat(40)}` })],
    ['key-not-ek', 'a value that is not ek_… (32 bare hex digits: an Azure key\'s shape)', JSON.stringify({ value: 'AAAAAAAA0123456789abcdef01234567' })]].map(([id, input, body]) => ({
    id, entry: 'key response', input, expected: 'master_key_refused, the value in no message or event',
    run: ({ key }) => key('custom', { custom: { status: 200, type: 'application/json', body } }),
  })),
  { id: 'key-ten-megabytes', entry: 'key response', input: 'a 10 MB plain-text key', expected: 'invalid_key_response (larger than 256 KiB)',
    run: ({ key }) => key('custom', { custom: { status: 200, type: 'text/plain', body: `ek_${'A'.repeat(10 * 1024 * 1024)}` } }) },
  { id: 'key-repeated', entry: 'key response', input: 'the same key again (a cache in front of the endpoint)', expected: 'handed out once; then key_reused and a refused event',
    run: ({ key }) => key('cached', { calls: 2 }) },
  { id: 'key-far-future', entry: 'key response', input: 'expires_at in the year 2100', expected: 'invalid_key_response (more than 4 h away)',
    run: ({ key }) => key('custom', { custom: { status: 200, type: 'application/json', body: '{"value":"ek_AAAAAAAA","expires_at":4102444800}' } }) },
  { id: 'key-date-1970', entry: 'key response', input: 'Date: Thu, 01 Jan 1970 on a 60-second key', expected: 'the Date header is not believed: the key counts 60 s, not 57 years',
    run: ({ key }) => key('value_object', { dateHeader: 'Thu, 01 Jan 1970 00:00:00 GMT' }) },
  { id: 'key-bad-model', entry: 'key response', input: 'a model "GPT Realtime" (not a model name)', expected: 'invalid_key_response, the key not kept',
    run: ({ key }) => key('custom', { custom: { status: 200, type: 'application/json', body: '{"value":"ek_AAAAAAAA","model":"GPT Realtime"}' } }) },
  // --- tool definitions ---
  ...[['definition-name', 'a tool named "../x"', [{ name: '../x' }]],
    ['definition-path', 'a route path with ".."', [{ name: 'x', route: { path: '/a/../b' } }]],
    ['definition-duplicate', 'two tools with one name', [{ name: 'x' }, { name: 'x' }]],
    ['definition-method', 'a route method "TRACE"', [{ name: 'x', route: { method: 'TRACE' } }]]].map(([id, input, tools]) => ({
    id, entry: 'tool definitions', input, expected: 'createCompanion rejects with CompanionConfigError',
    run: ({ define }) => define(tools),
  })),
  { id: 'definition-typo', entry: 'tool definitions', input: 'a misspelt field "rout" (for route)',
    expected: 'CompanionConfigError: unknown field "rout" (did you mean "route"?)',
    run: ({ define }) => define([{ name: 'x', rout: { method: 'POST' } }]) },
];
