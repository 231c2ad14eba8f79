// A compiled tool set's bytes from what the page gave as `toolSet` (bytes, a
// URL, a file: URL in Node, or a Response), read under three bounds that hold
// whatever the other side does (docs/tool-sets.md):
// - at most MAX_TOOL_SET_BYTES, counted after the platform has decoded any
//   Content-Encoding: the read stops there (an endless or gzip-bomb body is
//   cut, never buffered further), and a larger declared Content-Length is
//   refused before the body is read;
// - one deadline, TOOL_SET_TIMEOUT_MS, over every step that waits (each
//   redirect hop's fetch and the body), for a server that goes silent;
// - redirects followed to the same origin only.
// Bytes the page passes are refused past the bound too, before anything is
// copied into WebAssembly memory.
import { CompanionConfigError } from './errors.js';
import { beforeDeadline } from './deadline.js';
import { readBoundedBytes } from './read-body.js';
import { readLocalFile } from './local-file.js';

/** The largest set a browser core loads: kMaxToolSetBytes (src/router/tool_set_limits.hpp). */
export const MAX_TOOL_SET_BYTES = 4 * 1024 * 1024;
/** How long loading a set from a URL or a Response may take, in all. */
export const TOOL_SET_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;
// The statuses fetch treats as redirects (Fetch standard, "redirect status").
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * @param {unknown} toolSet the page's `toolSet` option
 * @param {typeof fetch} fetchImpl
 * @param {{ maxBytes?: number, timeoutMs?: number }} [bounds] for tests; pages get the defaults
 * @returns {Promise<Uint8Array>}
 */
export async function readToolSet(toolSet, fetchImpl, { maxBytes = MAX_TOOL_SET_BYTES, timeoutMs = TOOL_SET_TIMEOUT_MS } = {}) {
  if (toolSet instanceof ArrayBuffer || ArrayBuffer.isView(toolSet)) return givenBytes(toolSet, maxBytes);
  const isResponse = typeof Response !== 'undefined' && toolSet instanceof Response;
  if (!isResponse && typeof toolSet !== 'string' && !(toolSet instanceof URL)) {
    throw new CompanionConfigError('toolSet must be bytes (Uint8Array, ArrayBuffer), a URL or a Response');
  }
  const url = isResponse ? undefined : toolSetUrl(toolSet);
  const where = url?.href ?? 'the toolSet response';
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(new CompanionConfigError(`could not load the tool set from ${where} within ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    if (url?.protocol === 'file:') return await beforeDeadline(readToolSetFile(url, maxBytes), deadline.signal);
    const response = isResponse ? toolSet : await fetchSameOrigin(url, fetchImpl, deadline.signal);
    return await responseBytes(response, where, maxBytes, deadline.signal);
  } finally {
    clearTimeout(timer);
  }
}

function givenBytes(toolSet, maxBytes) {
  const bytes = toolSet instanceof Uint8Array ? toolSet
    : toolSet instanceof ArrayBuffer ? new Uint8Array(toolSet)
      : new Uint8Array(toolSet.buffer, toolSet.byteOffset, toolSet.byteLength);
  if (bytes.byteLength > maxBytes) throw tooLarge('the toolSet bytes', maxBytes);
  return bytes;
}

function toolSetUrl(toolSet) {
  try {
    return new URL(String(toolSet), globalThis.location?.href);
  } catch {
    throw new CompanionConfigError(`toolSet ${JSON.stringify(String(toolSet))} is not a URL (in Node, pass an absolute URL or the bytes)`);
  }
}

// Follows redirects itself, so that each hop's target is checked: a set from
// another origin is another party's tools. Browsers hide a manual redirect's
// target (an "opaqueredirect" response); there the request is made again,
// followed by the browser, and the final URL's origin is checked instead.
async function fetchSameOrigin(url, fetchImpl, signal) {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let response = await fetchOnce(fetchImpl, current, 'manual', signal);
    if (response.type === 'opaqueredirect') response = await fetchOnce(fetchImpl, current, 'follow', signal);
    if (response.url) refuseOtherOrigin(url, parsedOr(response.url, current));
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    cancelQuietly(response.body);
    const location = response.headers.get('location');
    let next;
    try {
      next = new URL(location, current);
    } catch {
      throw new CompanionConfigError(`could not load the tool set from ${url.href} (HTTP ${response.status} without a usable Location)`);
    }
    refuseOtherOrigin(url, next);
    if (redirects >= MAX_REDIRECTS) {
      throw new CompanionConfigError(`could not load the tool set from ${url.href} (it redirected more than ${MAX_REDIRECTS} times)`);
    }
    current = next;
  }
}

async function fetchOnce(fetchImpl, url, redirect, signal) {
  try {
    return await beforeDeadline(fetchImpl(url.href, { redirect, signal }), signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new CompanionConfigError(`could not load the tool set from ${url.href} (${error?.message ?? error})`);
  }
}

// A page's own fetch may give any text as the url; one that is no URL cannot name another origin.
function parsedOr(text, fallback) {
  try {
    return new URL(text);
  } catch {
    return fallback;
  }
}

function refuseOtherOrigin(url, target) {
  if (target.origin === url.origin) return;
  throw new CompanionConfigError(
    `the tool set at ${url.href} redirects to another origin (${target.origin}): a toolSet URL follows same-origin redirects only`,
  );
}

async function responseBytes(response, where, maxBytes, signal) {
  if (!response.ok) {
    cancelQuietly(response.body);
    throw new CompanionConfigError(`could not load the tool set from ${where} (HTTP ${response.status})`);
  }
  let read;
  try {
    read = await readBoundedBytes(response, maxBytes, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new CompanionConfigError(`could not load the tool set from ${where} (${error?.message ?? error})`);
  }
  if (read.tooLarge) throw tooLarge(`the tool set at ${where}`, maxBytes);
  return read.bytes;
}

// A file read by path is bounded like a fetched one (common/local-file.js reads at most maxBytes + 1).
async function readToolSetFile(url, maxBytes) {
  let read;
  try {
    read = await readLocalFile(url, {
      maxBytes,
      noFileSystem: () => new CompanionConfigError('reading a tool set from a file needs Node.js >= 20.16'),
    });
  } catch (error) {
    if (error instanceof CompanionConfigError) throw error;
    throw new CompanionConfigError(`could not read the tool set ${url.href} (${error.code ?? error.message})`);
  }
  if (read.tooLarge) throw tooLarge(`the tool set ${url.href}`, maxBytes);
  return read.bytes;
}

function tooLarge(what, maxBytes) {
  return new CompanionConfigError(`${what} is larger than ${maxBytes} bytes, the most a browser core loads (the limit setBytes)`);
}

// Not awaited: a stream whose cancel never settles must not hold the load.
function cancelQuietly(body) {
  try {
    body?.cancel().catch(() => {});
  } catch {
    // A locked or broken stream: nothing more to read from it anyway.
  }
}
