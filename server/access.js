/**
 * The browser-facing checks that run before `authorize`: which page may ask (Origin allowlist),
 * and whether the request could be a cross-site forgery riding on the user's cookies.
 *
 * Why both: a same-origin `fetch` GET carries no `Origin` header, so the allowlist alone cannot
 * tell it from an `<img src>` on another site. `Sec-Fetch-Site` (all current browsers) can, and a
 * required custom header covers older browsers: a form, image or script tag cannot set one, and a
 * cross-site `fetch` that sets one needs a CORS preflight, which only allowlisted origins pass.
 * Non-browser clients send neither header and pass these checks; `authorize` and the rate limit
 * are what stop them.
 * @module
 */

/**
 * Normalises an origin (`https://Example.com:443` → `https://example.com`), or null if invalid.
 * @param {string} origin
 */
export function normalizeOrigin(origin) {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * The `Origin` header as the origin it names, or null. Browsers send exactly `scheme://host[:port]`;
 * anything else (a path, userinfo as in `https://evil@app.example.com`, a 15 KB value, "null") is
 * not an origin and is never allowed. Case is normalised (`HTTPS://APP.EXAMPLE.COM` names
 * `https://app.example.com`), and only the normalised form is ever echoed back.
 * @param {unknown} header
 */
export function originFromHeader(header) {
  if (typeof header !== 'string' || header.length > 300 || !/^https?:\/\/[^/?#@\\\s]+$/i.test(header)) return null;
  return normalizeOrigin(header);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {{ allowedOrigins: Set<string>, csrfHeader: string | false }} policy
 * @returns {null | 'origin_not_allowed' | 'cross_site' | 'csrf_header_missing'} The refusal code, or null.
 */
export function checkBrowserAccess(req, policy) {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    // "null" (sandboxed frames, file: pages, some redirects) is never allowed.
    const normalized = originFromHeader(origin);
    if (!normalized || !policy.allowedOrigins.has(normalized)) return 'origin_not_allowed';
  } else {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross_site';
  }
  if (policy.csrfHeader) {
    const value = req.headers[policy.csrfHeader];
    if (typeof value !== 'string' || value.length === 0) return 'csrf_header_missing';
  }
  return null;
}

/**
 * CORS for allowlisted origins that differ from the API's own (a page on `app.example.com` calling
 * `api.example.com`). Sets headers only for allowlisted origins, so the browser refuses to expose
 * an answer, or send a preflighted request, to any other site.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ allowedOrigins: Set<string>, methods: string[], allowHeaders: string[] }} policy
 * @returns {boolean} true if this was a preflight and has been answered.
 */
export function applyCors(req, res, policy) {
  const origin = req.headers.origin;
  const normalized = originFromHeader(origin);
  // Append, so a Vary set by other middleware (compression) survives.
  if (typeof res.appendHeader === 'function') res.appendHeader('Vary', 'Origin');
  else res.setHeader('Vary', 'Origin');
  const allowed = normalized !== null && policy.allowedOrigins.has(normalized);
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', normalized); // the allowed origin, never the raw header
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Cache-Control', 'no-store');
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', policy.methods.join(', '));
    if (policy.allowHeaders.length > 0) res.setHeader('Access-Control-Allow-Headers', policy.allowHeaders.join(', '));
    res.setHeader('Access-Control-Max-Age', '600');
    res.statusCode = 204;
  } else {
    res.statusCode = 403;
  }
  res.end();
  return true;
}
