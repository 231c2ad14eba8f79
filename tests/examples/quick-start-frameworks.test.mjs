// The README's quick start servers (examples/quick-start/express.mjs and fastify.mjs), each run as it
// is, as its own process, against a local OpenAI: they serve the page and the package's browser
// files with types a browser loads, mint a key whose session holds the tools without their routes,
// check tool calls again, and relay an SDP offer (Fastify needs its application/sdp parser line).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { GOOD, freePort, request } from '../support/server-helpers.mjs';

const KEY = `ek_${'5'.repeat(32)}`;
const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=quick-start-offer\r\n';
const ANSWER = 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

/** OpenAI's two endpoints, recording what each was sent. */
let openai;
const sent = {};
before(async () => {
  openai = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/v1/realtime/client_secrets') {
        sent.key = JSON.parse(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ value: KEY, expires_at: Math.floor(Date.now() / 1000) + 60, session: { type: 'realtime', model: 'gpt-realtime' } }));
      } else if (req.url.startsWith('/v1/realtime/calls')) {
        sent.call = body;
        res.writeHead(201, { 'content-type': 'application/sdp' }); // no Location: no call to supervise
        res.end(ANSWER);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise((resolve) => openai.listen(0, '127.0.0.1', resolve));
});
after(() => new Promise((resolve) => { openai.closeAllConnections(); openai.close(resolve); }));

async function startExample(name) {
  const port = await freePort();
  const file = fileURLToPath(new URL(`../../examples/quick-start/${name}`, import.meta.url));
  const env = { ...process.env, PORT: String(port), OPENAI_API_KEY: 'sk-test-quick-start', OPENAI_BASE_URL: `http://127.0.0.1:${openai.address().port}/v1` };
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 15000);
    child.stdout.on('data', () => out.includes('quick start: http://127.0.0.1') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`${name} exited (${code}): ${out}`))));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.on('exit', resolve), child.kill('SIGTERM')))),
  };
}

for (const name of ['express.mjs', 'fastify.mjs']) {
  describe(`examples/quick-start/${name}`, { timeout: 30_000 }, () => {
    let app;
    before(async () => {
      app = await startExample(name);
    });
    after(() => app?.stop());

    it('serves the page, its modules, DeepChat and the package\'s browser files with types a browser loads', async () => {
      const types = {
        '/': /^text\/html/, '/page.js': /javascript/, '/tools.mjs': /javascript/, '/deep-chat.js': /javascript/,
        '/realtime-companion/web/index.js': /javascript/, '/realtime-companion/web/attach.js': /javascript/,
        '/realtime-companion/common/load-core.js': /javascript/, // what web/ imports
        '/realtime-companion/web/deepchat-2.4.2/offer.js': /javascript/, // a folder in web/
        '/realtime-companion/common/standalone-instance.js': /javascript/, // the browser core's loader
        '/realtime-companion/dist/realtime-companion-browser.wasm': /^application\/wasm/,
        '/realtime-companion/dist/realtime-companion-core.wasm': /^application\/wasm/,
        // The key piece, which the page's key path loads before its first start.
        '/realtime-companion/web/keys.js': /javascript/,
        '/realtime-companion/dist/realtime-companion-keys.wasm': /^application\/wasm/,
      };
      for (const [path, type] of Object.entries(types)) {
        const r = await request(`${app.origin}${path}`);
        assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
        assert.match(r.headers['content-type'], type, path);
      }
      assert.match((await request(`${app.origin}/`)).text, /<deep-chat id="chat"/);
    });

    it('mints a key whose session holds the tools without their routes', async () => {
      const r = await request(`${app.origin}/ephemeral-key`, { headers: GOOD });
      assert.equal(r.status, 200, `${r.text}\n${app.output()}`);
      assert.equal(r.json.value, KEY);
      assert.equal(r.json.model, 'gpt-realtime');
      const [tool] = sent.key.session.tools;
      assert.equal(tool.name, 'get_weather');
      assert.equal('route' in tool, false);
    });

    it('answers a valid tool call and refuses invalid arguments on the server', async () => {
      const ok = await request(`${app.origin}/api/get_weather?city=Paris`, { headers: GOOD });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json, { city: 'Paris', celsius: 21 });
      for (const query of ['city=', 'city=Paris&admin=1', 'town=Paris']) {
        const bad = await request(`${app.origin}/api/get_weather?${query}`, { headers: GOOD });
        assert.equal(bad.status, 400, `${query}: ${bad.text}`);
        assert.equal(bad.json.error.code, 'invalid_arguments', query);
      }
    });

    it("relays the page's SDP offer (the unified interface) and answers OpenAI's SDP", async () => {
      sent.call = undefined;
      const r = await request(`${app.origin}/realtime/call`, {
        method: 'POST',
        headers: { ...GOOD, origin: app.origin, 'content-type': 'application/sdp' },
        body: OFFER,
      });
      assert.equal(r.status, 201, `${r.text}\n${app.output().slice(-2000)}`);
      assert.match(r.headers['content-type'], /^application\/sdp/);
      assert.equal(r.text, ANSWER);
      assert.ok(sent.call.includes('a=quick-start-offer'), 'the offer went up to OpenAI');
    });
  });
}
