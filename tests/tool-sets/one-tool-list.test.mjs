// The page's tool list given to the server as it is: OpenAI's session gets each tool without the
// page's fields (route, execute, needsApproval) or the server's (handler, timeoutMs), through one
// rule (server/openai-tools.js) for both handlers; a function never reaches OpenAI, and one in a
// field that is not a tool's is refused naming the tool instead of vanishing from the JSON.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { createEphemeralKeyHandler } from '../../server/index.js';
import { splitTools } from '../../server/supervision/server-tools.js';
import { toolForOpenAI } from '../../server/openai-tools.js';
import { startHandler, request, PAGE, GOOD } from '../support/server-helpers.mjs';

const WEATHER = { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const THEME = { type: 'function', name: 'set_theme', description: 'Dark or light', parameters: { type: 'object', properties: { dark: { type: 'boolean' } } } };
/** The page's list: one routed tool asked about first, one the page runs itself. */
const PAGE_TOOLS = [
  { ...WEATHER, route: { method: 'GET', path: '/api/weather' }, needsApproval: true },
  { ...THEME, execute: () => ({ ok: true }), needsApproval: (args) => args.dark === true, timeoutMs: 2000 },
];

let up;
before(async () => {
  up = await startRestStandIn();
});
after(async () => {
  await up.close();
});

describe('createEphemeralKeyHandler given the page\'s tool list', () => {
  it('mints a key whose session has the tools without route, execute or needsApproval', async () => {
    const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, tools: PAGE_TOOLS });
    try {
      const seen = up.requests.length;
      const r = await request(h.url, { headers: { ...GOOD, origin: PAGE } });
      assert.equal(r.status, 200, r.text);
      const [sent] = up.requests.slice(seen);
      assert.deepEqual(sent.body.session.tools, [WEATHER, THEME]);
      assert.deepEqual(PAGE_TOOLS[0].route, { method: 'GET', path: '/api/weather' }, 'the page\'s list is left as it was');
    } finally {
      await h.close();
    }
  });

  it('refuses at creation a function in a field that is not a tool\'s, naming the tool and the field', () => {
    const base = { apiKey: TEST_MASTER_KEY, allowedOrigins: [PAGE] };
    assert.throws(() => createEphemeralKeyHandler({ ...base, tools: [{ ...THEME, exectue: () => ({}) }] }),
      /createEphemeralKeyHandler: tool set_theme: `exectue` is a function, and OpenAI gets JSON only/);
    assert.throws(() => createEphemeralKeyHandler({ ...base, tools: { get_weather: WEATHER } }), /createEphemeralKeyHandler: `tools` must be an array/);
    assert.throws(() => createEphemeralKeyHandler({ ...base, tools: [WEATHER, WEATHER] }), /two tools are named get_weather/);
  });
});

describe('one rule for both handlers', () => {
  it('splitTools (the call handler\'s) strips the same fields as the key handler', () => {
    const { sessionTools, serverTools } = splitTools(PAGE_TOOLS, 'createRealtimeCallHandler');
    assert.deepEqual(sessionTools, [WEATHER, THEME]);
    assert.deepEqual(serverTools, []);
    assert.throws(() => splitTools([{ ...WEATHER, timeoutMs: 10 }], 'f'), /tool get_weather has `timeoutMs` but no `handler` or `execute`.*route\.timeoutMs/);
  });

  it('a tool the server runs may not carry the page\'s fields: they would be ignored', () => {
    const handler = async () => ({});
    for (const field of [{ route: { path: '/x' } }, { execute: () => ({}) }, { needsApproval: true }]) {
      const [name] = Object.keys(field);
      assert.throws(() => splitTools([{ ...WEATHER, handler, ...field }], 'createRealtimeCallHandler'),
        new RegExp(`tool get_weather has both a \`handler\` \\(it runs on the server\\) and a \`${name}\``));
    }
  });

  it('toolForOpenAI keeps every field OpenAI reads, and copies rather than edits', () => {
    const tool = { ...WEATHER, route: { path: '/w' }, handler: () => ({}), timeoutMs: 5 };
    const forOpenAI = toolForOpenAI(tool, 'here');
    assert.deepEqual(forOpenAI, WEATHER);
    assert.notEqual(forOpenAI, tool);
    assert.equal(typeof tool.handler, 'function', 'the original keeps its handler');
  });
});
