/**
 * RESP2 on the wire, both ways: commands encoded as arrays of bulk strings, replies parsed with
 * bounds. A reply past a bound, or bytes that cannot be a RESP2 reply, are a {@link MalformedReply}:
 * the connection they came on can no longer be trusted (`resp-client.js` replaces it).
 *
 * Decoded as: simple string / bulk string → string (null bulk → null), integer → number,
 * array → array, error → a {@link RedisReplyError} value.
 * @module
 */

/**
 * Everything that makes a rate-limit decision impossible carries `detail`: a short sentence for the
 * audit record that names the cause (an error token, a length, a time), never a secret.
 */
export class RedisError extends Error {
  name = 'RedisError';
  /** @param {string} detail */
  constructor(detail) {
    super(detail);
    this.detail = detail;
  }
}

/** An error reply from Redis (for example `NOSCRIPT …`); `code` is its first word when it is a token. */
export class RedisReplyError extends RedisError {
  name = 'RedisReplyError';
  /** @param {string} line the reply, without `-` and CRLF */
  constructor(line) {
    const code = /^[A-Z][A-Z_]{1,31}(?=\s|$)/.exec(line)?.[0] ?? 'ERR';
    super(`redis answered ${code}`);
    this.message = line; // Redis' own words, for callers matching on them (NOSCRIPT); not logged
    this.code = code;
  }
}

/** No usable answer: no connection, a timeout, a refused AUTH, a malformed or out-of-step reply. */
export class RedisUnavailableError extends RedisError {
  name = 'RedisUnavailableError';
}

/** The reply stream cannot be parsed any further (thrown by {@link parseReply}). */
export class MalformedReply extends RedisUnavailableError {
  name = 'MalformedReply';
  constructor(what) {
    super(`redis reply malformed: ${what}`);
  }
}

/** Bounds on one reply. A rate-limit reply is a few dozen bytes. */
export const LIMITS = Object.freeze({ maxBulkBytes: 64 * 1024, maxArrayLength: 1024, maxDepth: 4, maxHeaderBytes: 24 });

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args) {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const s = String(arg);
    out += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return out;
}

const INTEGER = /^-?\d{1,19}$/;

/** A length or count header (`$n`, `*n`): -1 (null) or 0..max. */
function readLength(line, max, what) {
  if (!INTEGER.test(line)) throw new MalformedReply(`${what} length is not a number`);
  const n = Number(line);
  if (n < -1) throw new MalformedReply(`${what} length ${n}`);
  if (n > max) throw new MalformedReply(`${what} length ${n} exceeds ${max}`);
  return n;
}

/**
 * Parses one RESP2 value from `buf` at `pos`.
 * @param {Buffer} buf
 * @param {number} pos
 * @param {typeof LIMITS} [limits]
 * @param {number} [depth]
 * @returns {{ value: unknown, end: number } | null} null when more bytes are needed.
 * @throws {MalformedReply}
 */
export function parseReply(buf, pos, limits = LIMITS, depth = 0) {
  if (pos >= buf.length) return null;
  const type = buf[pos];
  if (type !== 0x2b && type !== 0x2d && type !== 0x3a && type !== 0x24 && type !== 0x2a) {
    throw new MalformedReply(`type byte 0x${type.toString(16).padStart(2, '0')}`);
  }
  const lineEnd = buf.indexOf('\r\n', pos);
  // Strings and errors may be long (the buffer bound caps them); length headers are short.
  if (type !== 0x2b && type !== 0x2d) {
    const seen = lineEnd < 0 ? buf.length - pos : lineEnd - pos;
    if (seen > limits.maxHeaderBytes) throw new MalformedReply('header line too long');
  }
  if (lineEnd < 0) return null;
  const line = buf.toString('latin1', pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case 0x2b: // +
      return { value: buf.toString('utf8', pos + 1, lineEnd), end: next };
    case 0x2d: // -
      return { value: new RedisReplyError(buf.toString('utf8', pos + 1, lineEnd)), end: next };
    case 0x3a: // :
      if (!INTEGER.test(line)) throw new MalformedReply('integer is not a number');
      return { value: Number(line), end: next };
    case 0x24: { // $
      const len = readLength(line, limits.maxBulkBytes, 'bulk');
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      if (buf[next + len] !== 0x0d || buf[next + len + 1] !== 0x0a) throw new MalformedReply('bulk not ended by CRLF');
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    default: { // *
      const count = readLength(line, limits.maxArrayLength, 'array');
      if (count < 0) return { value: null, end: next };
      if (depth >= limits.maxDepth) throw new MalformedReply('arrays nested too deep');
      const items = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, at, limits, depth + 1);
        if (!item) return null;
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
  }
}
