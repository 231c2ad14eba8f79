import net from 'node:net';

/**
 * A minimal Redis client over `node:net` speaking RESP2: enough to run one Lua script
 * (`EVALSHA`/`EVAL`) with pipelining. It exists so the package needs no npm dependency; sites
 * that already use `ioredis` or `redis` can pass their own client's command function instead.
 *
 * Replies are decoded as: simple string / bulk string → string (null bulk → null), integer →
 * number, array → array, error → a rejected `RedisReplyError`.
 * @module
 */

/** An error reply from Redis (for example `NOSCRIPT`). */
export class RedisReplyError extends Error {
  name = 'RedisReplyError';
}

/**
 * Parses one RESP value from `buf` at `pos`.
 * @returns {{ value: unknown, end: number } | null} null when more bytes are needed.
 */
function parse(buf, pos) {
  const lineEnd = buf.indexOf('\r\n', pos);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('utf8', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RedisReplyError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, at);
        if (!item) return null;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    default:
      throw new RedisReplyError(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/** Encodes a command as a RESP array of bulk strings. */
function encode(args) {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const s = String(arg);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

/**
 * Opens a lazy, self-reconnecting connection.
 * @param {{ host?: string, port?: number, password?: string, connectTimeoutMs?: number }} options
 */
export function createRespClient({ host = '127.0.0.1', port = 6379, password, connectTimeoutMs = 2000 } = {}) {
  /** @type {net.Socket | null} */
  let socket = null;
  /** @type {{ resolve: Function, reject: Function }[]} */
  let pending = [];
  let buffer = Buffer.alloc(0);
  let closed = false;

  function failAll(err) {
    const waiting = pending;
    pending = [];
    for (const p of waiting) p.reject(err);
  }

  function connect() {
    const s = net.createConnection({ host, port });
    s.setNoDelay(true);
    s.setTimeout(connectTimeoutMs, () => s.destroy(new Error('redis connect timeout')));
    s.once('connect', () => s.setTimeout(0));
    s.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        let item;
        try {
          item = parse(buffer, pos);
        } catch (err) {
          s.destroy(err);
          return;
        }
        if (!item) break;
        pos = item.end;
        const p = pending.shift();
        if (!p) continue;
        if (item.value instanceof RedisReplyError) p.reject(item.value);
        else p.resolve(item.value);
      }
      buffer = buffer.subarray(pos);
    });
    s.on('error', () => {}); // reported through 'close'
    s.on('close', () => {
      if (socket === s) socket = null;
      buffer = Buffer.alloc(0);
      failAll(new Error('redis connection closed'));
    });
    socket = s;
    if (password) send(['AUTH', password]).catch(() => {});
    return s;
  }

  function send(args) {
    if (closed) return Promise.reject(new Error('redis client closed'));
    const s = socket ?? connect();
    return new Promise((resolve, reject) => {
      pending.push({ resolve, reject });
      s.write(encode(args));
    });
  }

  return {
    /** Sends one command, e.g. `command(['PING'])`. */
    command: send,
    /** Closes the connection; pending commands are rejected. */
    close() {
      closed = true;
      socket?.destroy();
      socket = null;
    },
  };
}
