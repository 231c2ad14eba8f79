import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { encodeCommand, parseReply, MalformedReply, RedisError, RedisReplyError, RedisUnavailableError } from './resp-wire.js';
import { cutText } from '../common/cut-text.js';

export { RedisError, RedisReplyError, RedisUnavailableError } from './resp-wire.js';

/**
 * A minimal Redis client over `node:net` speaking RESP2: enough to run one Lua script
 * (`EVALSHA`/`EVAL`) with pipelining. It exists so the package needs no npm dependency; sites
 * that already use `ioredis` or `redis` can pass their own client's command function instead.
 *
 * Why it cannot hand one request another's reply: every command is followed on the wire by
 * `ECHO <nonce>`, and a command settles only once its nonce comes back in the next reply. A lost,
 * extra or reordered reply breaks that pairing at once. Anything that makes the reply stream
 * untrustworthy (a pairing broken, a reply past a bound or not RESP at all, no reply in time, the
 * server closing mid-request) destroys the connection and fails every command on it; the next
 * command opens a new one, after a backoff that grows while failures repeat.
 *
 * A refused AUTH is written to stderr once per run of failures (one line, the user name at most,
 * never the password) and is the `detail` of every command it fails.
 * @module
 */

/** The time to wait before reconnecting after `n` failures in a row: at once, then 100 ms doubling. */
const backoff = (n, max) => (n <= 1 ? 0 : Math.min(max, 50 * 2 ** (n - 1)));

/**
 * Opens a lazy, self-healing connection.
 * @param {{ host?: string, port?: number, username?: string, password?: string, db?: number,
 *   commandTimeoutMs?: number, connectTimeoutMs?: number, keepAliveMs?: number,
 *   maxReplyBytes?: number, maxBackoffMs?: number }} options
 */
export function createRespClient({
  host = '127.0.0.1',
  port = 6379,
  username,
  password,
  db,
  commandTimeoutMs = 5000,
  connectTimeoutMs = 2000,
  keepAliveMs = 15_000,
  maxReplyBytes = 256 * 1024,
  maxBackoffMs = 5000,
} = {}) {
  if (username && password === undefined) throw new TypeError('a Redis user name needs a password');
  const noncePrefix = `${randomBytes(6).toString('hex')}:`;
  let seq = 0;
  /** The connection new commands go to; null until needed or after it failed. */
  let current = null;
  let closed = false;
  let failures = 0;
  let retryAt = 0;
  /** @type {RedisUnavailableError | null} */
  let lastError = null;
  let authReported = false;

  function reportAuth(code) {
    if (authReported) return;
    authReported = true;
    const who = username ? ` for user ${JSON.stringify(cutText(username, 64))}` : '';
    process.stderr.write(
      `realtime-companion: Redis at ${host}:${port} refused AUTH${who} (${code}); rate-limit decisions fail closed (503 rate_limit_unavailable) until it succeeds\n`,
    );
  }

  /** Destroys `conn` and fails every command waiting on it with `err`. */
  function poison(conn, err, countFailure = true) {
    if (conn.dead) return;
    conn.dead = true;
    conn.socket.destroy();
    conn.buffer = null;
    if (current === conn) current = null;
    if (countFailure) {
      failures++;
      retryAt = Date.now() + backoff(failures, maxBackoffMs);
      lastError = err;
    }
    const waiting = conn.expected;
    conn.expected = [];
    for (const e of waiting) {
      if (e.kind !== 'marker') continue;
      clearTimeout(e.req.timer);
      e.req.reject(err);
    }
  }

  /** Hands `value` to the reply it was expected as; the entry stays queued until accepted, so a poison fails it too. */
  function deliver(conn, value) {
    const e = conn.expected[0];
    if (!e) return poison(conn, new RedisUnavailableError('redis sent a reply to no command'));
    switch (e.kind) {
      case 'auth':
        if (value instanceof RedisReplyError) {
          reportAuth(value.code);
          return poison(conn, new RedisUnavailableError(`redis refused AUTH (${value.code})`));
        }
        authReported = false;
        break;
      case 'select':
        if (value instanceof RedisReplyError) return poison(conn, new RedisUnavailableError(`redis refused SELECT ${db} (${value.code})`));
        break;
      case 'value':
        e.req.value = value;
        break;
      default: { // marker
        if (value instanceof RedisReplyError) {
          // ECHO fails only when every command does (NOAUTH, LOADING, …): say so, once for NOAUTH.
          if (value.code === 'NOAUTH') reportAuth('NOAUTH: the URL gives no password');
          return poison(conn, new RedisUnavailableError(`redis answered ${value.code}`));
        }
        if (value !== e.req.nonce) return poison(conn, new RedisUnavailableError('redis replies out of step with requests'));
        failures = 0;
        const { req } = e;
        clearTimeout(req.timer);
        if (req.value instanceof RedisReplyError) req.reject(req.value);
        else req.resolve(req.value);
      }
    }
    conn.expected.shift();
  }

  function onData(conn, chunk) {
    if (conn.dead) return;
    const buf = conn.buffer ? Buffer.concat([conn.buffer, chunk]) : chunk;
    let pos = 0;
    try {
      for (;;) {
        const item = parseReply(buf, pos);
        if (!item) break;
        pos = item.end;
        deliver(conn, item.value);
        if (conn.dead) return;
      }
    } catch (err) {
      return poison(conn, err instanceof RedisError ? err : new MalformedReply('unreadable'));
    }
    const rest = buf.length - pos;
    if (rest > maxReplyBytes) return poison(conn, new MalformedReply(`more than ${maxReplyBytes} bytes without a complete reply`));
    conn.buffer = rest === 0 ? null : Buffer.from(buf.subarray(pos));
  }

  function open() {
    const socket = net.createConnection({ host, port });
    const conn = { socket, expected: [], buffer: null, dead: false, connected: false, errorCode: null };
    socket.setNoDelay(true);
    socket.setKeepAlive(true, keepAliveMs); // a peer gone without a FIN is noticed even when idle
    socket.setTimeout(connectTimeoutMs, () => poison(conn, new RedisUnavailableError(`redis connect timed out after ${connectTimeoutMs} ms`)));
    socket.once('connect', () => {
      conn.connected = true;
      socket.setTimeout(0);
    });
    socket.on('data', (chunk) => onData(conn, chunk));
    socket.on('error', (err) => {
      conn.errorCode = err?.code ?? 'error';
    });
    socket.on('close', () => {
      const busy = conn.expected.length > 0 || !conn.connected;
      const detail = conn.connected ? 'redis closed the connection' : `redis connect failed (${conn.errorCode ?? 'closed'})`;
      poison(conn, new RedisUnavailableError(detail), busy); // an idle connection closed is no failure
    });
    // The handshake goes first; commands written behind it are queued by the socket meanwhile.
    if (password !== undefined) {
      conn.expected.push({ kind: 'auth' });
      socket.write(encodeCommand(username ? ['AUTH', username, password] : ['AUTH', password]));
    }
    if (db) {
      conn.expected.push({ kind: 'select' });
      socket.write(encodeCommand(['SELECT', db]));
    }
    return conn;
  }

  /**
   * Sends one command, e.g. `command(['PING'])`. Rejects with a `RedisReplyError` for an error
   * reply, a `RedisUnavailableError` (with `detail`) when no trustworthy reply came in `timeoutMs`.
   * `budgetMs` is the time the caller's whole operation had, which the timeout's detail names: a
   * caller that spent 1 ms of its 200 on a first command waits 199 for the next, and its user set 200.
   * @param {string[]} args
   * @param {{ timeoutMs?: number, budgetMs?: number }} [options]
   */
  function command(args, { timeoutMs = commandTimeoutMs, budgetMs = timeoutMs } = {}) {
    if (closed) return Promise.reject(new RedisUnavailableError('redis client closed'));
    if (!current) {
      const wait = retryAt - Date.now();
      if (wait > 0) return Promise.reject(new RedisUnavailableError(`${lastError.detail}; reconnecting in ${wait} ms`));
      current = open();
    }
    const conn = current;
    return new Promise((resolve, reject) => {
      const req = { resolve, reject, nonce: noncePrefix + ++seq, value: undefined, timer: null };
      req.timer = setTimeout(() => poison(conn, new RedisUnavailableError(`no redis reply within ${budgetMs} ms`)), timeoutMs);
      conn.expected.push({ kind: 'value', req }, { kind: 'marker', req });
      conn.socket.write(encodeCommand(args) + encodeCommand(['ECHO', req.nonce]));
    });
  }

  return {
    command,
    /** Closes the connection; pending commands are rejected. */
    close() {
      closed = true;
      if (current) poison(current, new RedisUnavailableError('redis client closed'), false);
    },
  };
}
