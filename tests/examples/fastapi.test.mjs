// The FastAPI example (examples/fastapi/app.py) under uvicorn, against the same OpenAI stand-in and
// the same contract as the Node handler. Needs Debian's python3-fastapi and python3-uvicorn.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTools } from '../../examples/demo/sample-tools.mjs';
import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { request, PAGE, GOOD } from '../support/server-helpers.mjs';

const APP_DIR = fileURLToPath(new URL('../../examples/fastapi/', import.meta.url));

/** The first Python that can import fastapi and uvicorn (pyenv shims often shadow Debian's). */
function findPython() {
  for (const py of [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(py, ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore', timeout: 20000 });
    if (r.status === 0) return py;
  }
  return null;
}

/** Starts app.py on 127.0.0.1, port 0; resolves once it reports its port. */
async function startApp(python, env) {
  const proc = spawn(python, ['app.py', '127.0.0.1', '0'], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let out = '';
  // Whoever waits for audit lines is woken by each new one, not by a clock.
  const lineWaiters = new Set();
  proc.stdout.on('data', (d) => {
    out += d;
    const parts = out.split('\n');
    out = parts.pop();
    lines.push(...parts.filter(Boolean));
    for (const wake of lineWaiters) wake();
  });
  let err = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app.py did not start: ${err}`)), 20000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /LISTENING (\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app.py exited ${code}: ${err}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/ephemeral-key`,
    lines,
    stderr: () => err,
    /**
     * Audit lines arrive on stdout shortly after the answer: resolves once there are `n` of them.
     * Python may flush late on a loaded machine, so the wait is long, and it fails saying what it saw.
     */
    waitLines(n, timeoutMs = 15_000) {
      if (lines.length >= n) return Promise.resolve(lines);
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          lineWaiters.delete(wake);
        };
        const wake = () => {
          if (lines.length < n) return;
          done();
          resolve(lines);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`app.py wrote ${lines.length} audit lines in ${timeoutMs} ms, not ${n}: ${JSON.stringify(lines.slice(-3))}`));
        }, timeoutMs);
        lineWaiters.add(wake);
      });
    },
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.on('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

const python = findPython();
const skip = !python && 'python3-fastapi / python3-uvicorn not installed (apt-get install -y python3-fastapi python3-uvicorn)';

describe('FastAPI example', { skip, timeout: 60_000 }, () => {
  let up;
  let app;
  const bodies = [];
  const call = async (opts) => {
    const r = await request(app.url, opts);
    bodies.push(r.text);
    return r;
  };
  before(async () => {
    up = await startRestStandIn();
    const toolsFile = join(mkdtempSync(join(tmpdir(), 'rc-fastapi-')), 'tools.json');
    // The page's tools, routes, execute and needsApproval included: the example sends OpenAI's fields only.
    writeFileSync(toolsFile, JSON.stringify(sampleTools));
    app = await startApp(python, {
      RC_TOOLS_FILE: toolsFile,
      OPENAI_API_KEY: TEST_MASTER_KEY,
      OPENAI_BASE_URL: up.baseURL,
      ALLOWED_ORIGINS: PAGE,
      RC_VOICE: 'alloy',
      RC_INSTRUCTIONS: 'You are a helpful AI voice assistant.',
      RC_RATE_PER_MINUTE: '6',
      RC_RATE_BURST: '5',
      RC_TIMEOUT_S: '0.5',
    });
  });
  after(async () => {
    await app?.stop();
    await up?.close();
  });

  it('mints through GA client_secrets, with the tools in the session, and answers { value, expires_at, model } only, no-store', async () => {
    const r = await call({ headers: { ...GOOD, origin: PAGE } });
    assert.equal(r.status, 200, app.stderr());
    assert.deepEqual(Object.keys(r.json).sort(), ['expires_at', 'model', 'value']);
    assert.equal(r.json.model, 'gpt-realtime');
    assert.ok(up.isValidKey(r.json.value));
    assert.equal(r.headers['cache-control'], 'no-store');
    const sent = up.requests.at(-1).body;
    assert.deepEqual(sent.expires_after, { anchor: 'created_at', seconds: 60 });
    assert.equal(sent.session.type, 'realtime');
    assert.equal(sent.session.audio.output.voice, 'alloy');
    assert.deepEqual(sent.session.tools, sampleTools.map(({ route, execute, needsApproval, ...tool }) => tool), "the tools, the page's fields dropped");
    const lines = await app.waitLines(1);
    const line = JSON.parse(lines.at(-1));
    assert.equal(line.event, 'issued');
    assert.equal(line.origin, PAGE);
    assert.equal(line.client_id, 'ip:127.0.0.1');
    assert.equal(line.expires_at, r.json.expires_at);
    assert.equal(line.key_id, createHash('sha256').update(r.json.value).digest('hex').slice(0, 12));
  });

  for (const [name, req, status, code] of [
    ['a foreign Origin', { headers: { ...GOOD, origin: 'https://evil.example' } }, 403, 'origin_not_allowed'],
    ['a cross-site no-cors GET', { headers: { 'x-requested-with': 'x', 'sec-fetch-site': 'cross-site' } }, 403, 'cross_site'],
    ['no anti-CSRF header', { method: 'POST', headers: { origin: PAGE } }, 403, 'csrf_header_missing'],
    ['PUT', { method: 'PUT', headers: GOOD }, 405, 'method_not_allowed'],
  ]) {
    it(`${name} → ${status} ${code}, audited, OpenAI not called`, async () => {
      const before = up.requests.length;
      const n = app.lines.length;
      const r = await call(req);
      assert.equal(r.status, status);
      assert.equal(r.json.error.code, code);
      assert.equal(up.requests.length, before);
      const line = JSON.parse((await app.waitLines(n + 1)).at(-1));
      assert.equal(line.reason, code);
      assert.equal(line.status, status);
    });
  }

  it('upstream 500 → 502, 403 model_not_found → 502 with its code (audited, no key), stall → 504, garbage → 502', async () => {
    up.fail(500, { error: { message: `leaked ${TEST_MASTER_KEY}` } });
    assert.equal((await call({ headers: GOOD })).status, 502);
    up.fail(403, { error: { message: `Project proj_x may not use gpt-realtime-2.1 (key ${TEST_MASTER_KEY}).`, type: 'invalid_request_error', param: null, code: 'model_not_found' } });
    const n = app.lines.length;
    const refused = await call({ headers: GOOD });
    assert.equal(refused.status, 502);
    assert.deepEqual(refused.json.error, { code: 'upstream_error', message: 'OpenAI refused to mint a key: this project may not use the model (model_not_found).',
      upstream_status: 403, upstream_code: 'model_not_found' });
    const line = JSON.parse((await app.waitLines(n + 1)).at(-1));
    assert.deepEqual([line.upstream_status, line.upstream_error.code, line.upstream_error.type], [403, 'model_not_found', 'invalid_request_error']);
    assert.match(line.upstream_error.message, /^Project proj_x may not use gpt-realtime-2\.1 \(key \[redacted\]\)\.$/);
    up.stall();
    const t0 = Date.now();
    const stalled = await call({ headers: GOOD });
    assert.equal(stalled.status, 504);
    assert.ok(Date.now() - t0 < 5000);
    up.garbage('wrong_types');
    const g = await call({ headers: GOOD });
    assert.equal(g.status, 502);
    assert.equal(g.json.error.code, 'upstream_malformed');
    up.reset();
  });

  it('rate-limits one client: burst, then 429 with Retry-After', async () => {
    // Earlier tests spent 5 tokens at most 6/min ago (the issued one and the four upstream faults).
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await call({ headers: GOOD }));
    const limited = results.filter((r) => r.status === 429);
    assert.ok(limited.length >= 5, `statuses ${results.map((r) => r.status)}`);
    assert.match(limited[0].headers['retry-after'], /^\d+$/);
    assert.ok(Number(limited[0].headers['retry-after']) <= 10);
    const n = app.lines.length;
    assert.ok(app.lines.slice(-6).some((l) => JSON.parse(l).event === 'rate_limited'), String(n));
  });

  it('no secret in any answer or audit line', async () => {
    await app.waitLines(14);
    assert.ok(app.lines.length >= 14, `${app.lines.length} audit lines`);
    for (const text of [...bodies, ...app.lines, app.stderr()]) assert.ok(!text.includes(TEST_MASTER_KEY));
    for (const line of app.lines) for (const k of up.issued.keys()) assert.ok(!line.includes(k));
  });
});
