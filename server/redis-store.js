import { refuseUnknownOptions } from '../common/option-names.js';
import { createHash } from 'node:crypto';
import { createRespClient, RedisUnavailableError } from './resp-client.js';
import { checkCost } from './token-bucket.js';

/**
 * The token bucket of `token-bucket.js` as one Lua script, so that a decision is atomic across
 * every server instance sharing the Redis: two instances can never both spend the last token.
 * Keep the arithmetic identical to `takeToken` and `chargeTokens` (the tests run both stores on
 * the same sequence), the bounds (1e12, 1e13) identical to MAX_COST and MAX_WAIT_MS.
 *
 * ARGV: perMinute, burst, now, a deadline on Redis' own clock (0: none), the cost (absent: 1), and
 * `1` to charge (absent: take). A command Redis reaches after its deadline (it sat in a queue while
 * Redis was frozen, and the handler long since answered 503) changes nothing.
 */
const SCRIPT = `
local clock = redis.call('TIME')
local redisNow = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local deadline = tonumber(ARGV[4])
if deadline > 0 and redisNow > deadline then
  return {-1, 0, 0, redisNow}
end
local rate = tonumber(ARGV[1]) / 60000
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[5]) or 1
local h = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(h[1])
local ts = tonumber(h[2])
if tokens == nil or ts == nil then tokens = burst; ts = now end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate)
  ts = now
end
local allowed = 0
local retry = 0
if ARGV[6] == '1' then
  tokens = math.max(tokens - cost, -1e12)
  if tokens >= 1 then
    allowed = 1
  else
    retry = math.min(1e13, math.max(1, math.ceil((1 - tokens) / rate)))
  end
else
  local need = math.max(cost, 1)
  if tokens >= need then
    tokens = tokens - cost
    allowed = 1
  else
    retry = math.min(1e13, math.max(1, math.ceil((need - tokens) / rate)))
  end
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
redis.call('PEXPIRE', KEYS[1], math.min(1e13, math.ceil((burst - tokens) / rate) + 1000))
return {allowed, retry, math.floor(tokens), redisNow}
`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

/**
 * The built-in client's settings from a `redis://` URL: `redis://host:port`,
 * `redis://:password@host` (legacy `AUTH password`), `redis://user:password@host` (ACL
 * `AUTH user password`), an optional database number as the path (`/2`, sent as `SELECT 2`).
 * `rediss:` (TLS) is refused: the built-in client speaks plain TCP; use `command` with a TLS client.
 * @param {string} url
 */
export function respOptionsFromURL(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError('createRedisRateLimitStore: `url` is not a URL');
  }
  if (u.protocol === 'rediss:') {
    throw new TypeError('createRedisRateLimitStore: rediss:// (TLS) is not supported by the built-in client; pass `command` with a TLS-capable client (ioredis, node-redis), or reach Redis through a TLS tunnel');
  }
  if (u.protocol !== 'redis:') throw new TypeError('createRedisRateLimitStore: only redis:// URLs are supported');
  const db = /^\/?(\d{0,5})$/.exec(u.pathname)?.[1];
  if (db === undefined || u.search || u.hash) throw new TypeError('createRedisRateLimitStore: a redis:// URL takes at most a database number as its path (redis://host:6379/0), no query');
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  if (username && password === undefined) throw new TypeError('createRedisRateLimitStore: a user name in `url` needs a password (redis://user:password@host)');
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: Number(u.port || 6379),
    username,
    password,
    db: db ? Number(db) : undefined,
  };
}

/** Why a decision failed, for the audit record (`detail`); the error itself stays inside. */
const unavailable = (detail) => new RedisUnavailableError(detail);

/**
 * A rate-limit store in Redis, for sites that run several server processes.
 *
 * Give either `url` (see {@link respOptionsFromURL}; a small built-in client is used and
 * {@link close} closes it) or `command`, a function sending one command with your own client:
 * `(args) => ioredis.call(...args)` or `(args) => nodeRedis.sendCommand(args)`.
 *
 * Time comes from the handler (its `now` option), so instances' clocks should agree to within a
 * second or so; a clock behind the stored one never grants extra tokens.
 *
 * A decision that takes longer than `timeoutMs` rejects, and the handler answers 503: a stuck Redis
 * must not hold key requests open. Nor may it spend tokens later: each command carries a deadline
 * (half of `timeoutMs` after it was sent, on Redis' clock) past which the script changes nothing,
 * so the commands that queued up while Redis was frozen cost nothing when it resumes. The built-in
 * client replaces a connection that timed out, so the next decision does not queue behind it.
 * @param {{ url?: string, command?: (args: string[], options?: { timeoutMs: number }) => Promise<unknown>, prefix?: string, timeoutMs?: number }} options
 * @returns {import('./index.js').BudgetStore & { close(): void }}
 */
export function createRedisRateLimitStore(options = {}) {
  refuseUnknownOptions(options, ['url', 'command', 'prefix', 'timeoutMs'], 'createRedisRateLimitStore');
  const { url, command: given, prefix = 'realtime-companion:rl:', timeoutMs = 1000 } = options ?? {};
  let command = given;
  if (!(timeoutMs > 0 && timeoutMs < 2 ** 31)) throw new RangeError('createRedisRateLimitStore: `timeoutMs` must be > 0');
  let client = null;
  if (!command) {
    if (!url) throw new TypeError('createRedisRateLimitStore needs `url` or `command`');
    client = createRespClient({ ...respOptionsFromURL(url), commandTimeoutMs: timeoutMs });
    command = client.command;
  }
  const raw = command;
  // One decision, however many commands it takes, ends by `until` (ms, our clock). The built-in
  // client keeps that time itself, so that the connection is replaced before anything else is
  // sent on it; a foreign client is raced.
  const send = (args, until) => {
    const left = Math.max(1, until - Date.now());
    if (client) return raw(args, { timeoutMs: left, budgetMs: timeoutMs });
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`no redis reply within ${timeoutMs} ms`)), left);
    });
    return Promise.race([raw(args, { timeoutMs: left }), timeout]).finally(() => clearTimeout(timer));
  };

  // Redis' clock minus ours (ms), estimated from replies: Redis ran the command before its reply
  // arrived, so the estimate is never above the true offset and a deadline built on it is never
  // later than meant. The best (largest) estimate is kept for a minute, then renewed.
  let offset = null;
  let offsetSince = 0;
  const observe = (redisNow) => {
    const estimate = Number(redisNow) - Date.now();
    if (!Number.isFinite(estimate)) return;
    if (offset === null || estimate > offset || Date.now() - offsetSince > 60_000) {
      offset = estimate;
      offsetSince = Date.now();
    }
  };

  async function run(key, limit, now, cost, charge) {
    const started = Date.now();
    const until = started + timeoutMs;
    if (offset === null) {
      const time = await send(['TIME'], until);
      if (!Array.isArray(time) || time.length !== 2) throw unavailable('unexpected reply to TIME');
      observe(Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000));
      if (offset === null) throw unavailable('unexpected reply to TIME');
    }
    // Half the timeout: a decision made later than that might not reach the handler in time.
    const deadline = Math.floor(started + offset + timeoutMs / 2);
    const args = [String(limit.perMinute), String(limit.burst), String(Math.floor(now)), String(deadline), String(cost), charge ? '1' : '0'];
    try {
      return await send(['EVALSHA', SHA, '1', key, ...args], until);
    } catch (err) {
      if (!String(err?.message).startsWith('NOSCRIPT')) throw err;
      return await send(['EVAL', SCRIPT, '1', key, ...args], until);
    }
  }

  const decide = (charge) => async (clientId, limit, now, cost = 1) => {
    checkCost(cost, limit, charge);
    const reply = await run(prefix + clientId, limit, now, cost, charge);
    if (!Array.isArray(reply) || reply.length !== 4) throw unavailable('unexpected rate-limit script reply');
    const [allowed, retryAfterMs, remaining, redisNow] = reply.map(Number);
    if (![-1, 0, 1].includes(allowed) || !Number.isFinite(retryAfterMs) || !Number.isFinite(remaining)) {
      throw unavailable('unexpected rate-limit script reply');
    }
    observe(redisNow);
    if (allowed === -1) throw unavailable('the rate-limit decision reached Redis after its deadline');
    return { allowed: allowed === 1, retryAfterMs, remaining };
  };

  return {
    take: decide(false),
    charge: decide(true),
    close() {
      client?.close();
    },
  };
}
