// An upstream (OpenAI, or whatever answers at baseURL) that hands back what the key server must not
// pass on, or an answer built to exhaust it. A small HTTP server on 127.0.0.1 plays the upstream;
// the handler uses the real fetch.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';

import { TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { startHandler, startUpstream, request, GOOD } from '../support/server-helpers.mjs';


const now = () => Math.floor(Date.now() / 1000);
let up;
before(async () => {
  up = await startUpstream();
});
after(() => up.close());

async function mint(options = {}) {
  const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, rateLimit: false, ...options });
  try {
    const started = Date.now();
    const r = await request(h.url, { headers: GOOD });
    return { r, ms: Date.now() - started, audit: h.audit, lines: h.lines };
  } finally {
    await h.close();
  }
}

/** The refusal the handler must answer, with nothing of `secret` anywhere. */
function assertRefused({ r, audit, lines }, secret, detail) {
  assert.equal(r.status, 502, r.text);
  assert.equal(r.json.error.code, 'upstream_malformed');
  assert.equal(audit.length, 1);
  assert.equal(audit[0].event, 'upstream_error');
  assert.equal(audit[0].key_id, null);
  if (detail) assert.match(audit[0].detail, detail);
  if (secret) {
    for (const text of [r.text, ...lines]) assert.ok(!text.includes(secret), 'the refused value appears in the answer or the audit');
  }
}

describe('the key server passes on nothing the browser must refuse', { timeout: 20_000 }, () => {
  const soon = () => now() + 60;
  const masterShaped = [
    ['its own master key echoed back', () => TEST_MASTER_KEY],
    ['"sk-proj-…"', () => `sk-proj-${'a'.repeat(40)}`],
    ['"sk-None-…"', () => `sk-None-${'b'.repeat(40)}`],
    ['"sk-svcacct-…" behind an ek_ prefix', () => `ek_x-sk-svcacct-${'c'.repeat(30)}`],
    ['"SK_live_…" (another secret-key scheme, upper case)', () => `SK_live_${'d'.repeat(30)}`],
    ['the master key inside an ek_ value', () => `ek_${TEST_MASTER_KEY.replaceAll('-', '_')}_${TEST_MASTER_KEY}`],
    ['"sess-…" (a session token)', () => `sess-${'e'.repeat(30)}`],
  ];
  for (const [name, value] of masterShaped) {
    it(`a value shaped like an API key (${name}) → 502 and an audit record without it`, async () => {
      const v = value();
      up.key(v, soon());
      assertRefused(await mint(), v, /shaped like an API key/);
    });
  }

  const notEphemeral = [
    ['a CRLF and a header', `ek_${'a'.repeat(20)}\r\nSet-Cookie: x=1`],
    ['HTML', '<script>alert(1)</script>'],
    ['a space', `ek_${'a'.repeat(10)} ${'b'.repeat(10)}`],
    ['quotes ("\\"ek_…\\"")', `"ek_${'a'.repeat(20)}"`],
    ['non-ASCII', `ek_${'a'.repeat(20)}é`],
    ['no ek_ prefix', 'a'.repeat(40)],
    ['5,000 characters', `ek_${'a'.repeat(5000)}`],
    ['"Bearer:ek_…"', `Bearer:ek_${'a'.repeat(20)}`],
    ['a NUL byte', `ek_${'a'.repeat(20)}\u0000`],
  ];
  for (const [name, v] of notEphemeral) {
    it(`a value outside the ephemeral key's characters (${name}) → 502 and an audit record without it`, async () => {
      up.key(v, soon());
      assertRefused(await mint(), v.length > 8 ? v : null, /shaped like|no key value|no value/);
    });
  }

  const expiries = [
    ['expires_at: 1 (1970)', () => 1, /in the past|more than/],
    ['expires_at one second ago', () => now() - 1, /in the past/],
    ['expires_at now', () => now(), /in the past/],
    ['expires_at in 2100', () => 4102444800, /more than 4 hours/],
    ['expires_at a minute past the 4-hour horizon', () => now() + 4 * 3600 + 60, /more than 4 hours/],
    ['expires_at in milliseconds', () => Date.now() + 60_000, /more than 4 hours/],
    ['expires_at 60.5', () => now() + 60.5, /whole number|no value/],
    ['expires_at as a string', () => String(now() + 60), /no value/],
  ];
  for (const [name, expiresAt, detail] of expiries) {
    it(`an expired or absurd expiry (${name}) → 502 and an audit record`, async () => {
      const v = `ek_${'f'.repeat(32)}`;
      up.key(v, expiresAt());
      assertRefused(await mint(), v, detail);
    });
  }

  it('a real-shaped key living 60 s, or OpenAI\'s longest 2 h with skew up to the browser\'s 2 h allowance, is handed out', async () => {
    for (const lifetime of [60, 7200, 7200 + 200, 3 * 3600, 4 * 3600 - 60]) {
      const v = `ek_${'0123456789abcdef'.repeat(2)}`;
      const expiresAt = now() + lifetime; // read once: a second may turn between the key and the check
      up.key(v, expiresAt);
      const { r, audit } = await mint();
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { value: v, expires_at: expiresAt, model: 'gpt-realtime' });
      assert.equal(audit[0].event, 'issued');
    }
  });
});

describe('the upstream answer is read with a byte cap after decoding, and no longer than timeoutMs', { timeout: 20_000 }, () => {
  // 64 MiB of zeros is about 64 KB gzipped; written again and again, an endless bomb (gzip members concatenate).
  const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  const bomb = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const pump = () => {
      while (!res.destroyed && res.write(member));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  };

  it('a gzip bomb answer (endless, 1000:1) → 502 at the cap, within timeoutMs, and memory stays bounded', async () => {
    up.set(bomb);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const { r, ms, audit } = await mint({ timeoutMs: 1000 });
      assert.equal(r.status, 502, r.text);
      assert.equal(r.json.error.code, 'upstream_malformed');
      assert.match(audit[0].detail, /larger than \d+ bytes/);
      assert.ok(ms < 1000, `took ${ms} ms`);
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peak - before < 200 * 1024 * 1024, `RSS grew by ${((peak - before) / 2 ** 20).toFixed(0)} MiB`);
  });

  it('three gzip bombs at once → three 502s, memory stays bounded', async () => {
    up.set(bomb);
    const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, rateLimit: false, timeoutMs: 2000 });
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const started = Date.now();
      const results = await Promise.all([1, 2, 3].map(() => request(h.url, { headers: GOOD })));
      assert.deepEqual(results.map((r) => r.status), [502, 502, 502]);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      clearInterval(sampler);
      await h.close();
    }
    assert.ok(peak - before < 300 * 1024 * 1024, `RSS grew by ${((peak - before) / 2 ** 20).toFixed(0)} MiB`);
  });

  it('a 400 MB answer declared in Content-Length → 502 without reading it', async () => {
    let sent = 0;
    up.set((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(400 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && sent < 400 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed && sent < 400 * 1024 * 1024) res.once('drain', pump);
      };
      pump();
    });
    const { r, ms } = await mint({ timeoutMs: 5000 });
    assert.equal(r.status, 502);
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.ok(sent < 64 * 1024 * 1024, `${(sent / 2 ** 20).toFixed(0)} MiB were sent before the handler let go`);
  });

  it('an endless plain answer without Content-Length → 502 once past the cap', async () => {
    up.set((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const { r, audit } = await mint({ timeoutMs: 5000 });
    assert.equal(r.status, 502);
    assert.match(audit[0].detail, /larger than/);
  });

  it('an answer that trickles a byte at a time for ever → 504 at timeoutMs, not later', async () => {
    up.set((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"value":"ek_');
      const timer = setInterval(() => res.write('a'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const { r, ms, audit } = await mint({ timeoutMs: 400 });
    assert.equal(r.status, 504, r.text);
    assert.equal(r.json.error.code, 'upstream_timeout');
    assert.equal(audit[0].reason, 'upstream_timeout');
    assert.ok(ms >= 350 && ms < 1500, `took ${ms} ms`);
  });

  it('an answer whose bytes are not UTF-8 → 502, never a key with replaced characters', async () => {
    up.set((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from(`{"value":"ek_${'a'.repeat(20)}`), Buffer.from([0xff]), Buffer.from(`","expires_at":${now() + 60}}`)]));
    });
    const { r, audit } = await mint();
    assert.equal(r.status, 502);
    assert.match(audit[0].detail, /not UTF-8/);
  });

  it('an error answer (500) of any size is read no further than 16 KiB, within timeoutMs', async () => {
    let sent = 0;
    up.set((req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && sent < 1024 ** 3 && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed && sent < 1024 ** 3) res.once('drain', pump);
      };
      pump();
    });
    const { r, ms, audit } = await mint({ timeoutMs: 5000 });
    assert.equal(r.status, 502);
    assert.equal(r.json.error.code, 'upstream_error');
    assert.equal(r.json.error.upstream_status, 500);
    assert.equal(audit[0].detail, 'answered HTTP 500; its error body is larger than 16384 bytes');
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.ok(sent < 64 * 1024 * 1024, `${(sent / 2 ** 20).toFixed(0)} MiB were sent before the handler let go`);
  });
});
