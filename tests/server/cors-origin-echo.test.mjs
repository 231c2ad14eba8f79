// CORS answers with the allowed origin as configured (normalised), never the request's own header:
// an Origin that only resembles an allowed one is refused and nothing of it is echoed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRestStandIn } from '../../testing/openai-rest.js';
import { withKeyHandler, request, PAGE } from '../support/server-helpers.mjs';

let up;
before(async () => {
  up = await startRestStandIn();
});
after(() => up.close());
const withHandler = (options, fn) => withKeyHandler(up, options, fn);

describe('CORS echoes the normalised allowed origin, never the raw header', { timeout: 20_000 }, () => {
  const other = 'https://app.example.com';
  it('Origin: HTTPS://APP.EXAMPLE.COM is answered as https://app.example.com', async () => {
    await withHandler({ allowedOrigins: [PAGE, other] }, async (h) => {
      for (const method of ['OPTIONS', 'GET']) {
        const r = await request(h.url, { method, headers: { origin: 'HTTPS://APP.EXAMPLE.COM', 'access-control-request-method': 'GET', 'x-requested-with': 'x' } });
        assert.equal(r.headers['access-control-allow-origin'], other, method);
      }
    });
  });
  for (const [name, origin] of [
    ['userinfo (https://evil@app.example.com)', 'https://evil@app.example.com'],
    ['a 15 KB origin', `https://${'a'.repeat(15000)}.example.com`],
    ['a path (https://app.example.com/x)', 'https://app.example.com/x'],
    ['a trailing dot and slash', 'https://app.example.com./'],
    ['two origins joined', `${other}, https://evil.example`],
  ]) {
    it(`an Origin with ${name} is refused, and nothing of it is echoed`, async () => {
      await withHandler({ allowedOrigins: [PAGE, other] }, async (h) => {
        const pre = await request(h.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
        assert.equal(pre.status, 403);
        assert.equal(pre.headers['access-control-allow-origin'], undefined);
        const r = await request(h.url, { headers: { origin, 'x-requested-with': 'x' } });
        assert.equal(r.status, 403);
        assert.equal(r.json.error.code, 'origin_not_allowed');
        assert.equal(r.headers['access-control-allow-origin'], undefined);
      });
    });
  }
});
