import { createHash } from 'node:crypto';
import { createRespClient } from './resp-client.js';

/**
 * The token bucket of `token-bucket.js` as one Lua script, so that taking a token is atomic across
 * every server instance sharing the Redis: two instances can never both spend the last token.
 * Keep the arithmetic identical to `takeToken` (the tests run both on the same sequence).
 *
 * ARGV[4] is a deadline on Redis' own clock (0: none). A command Redis reaches after it (it sat in
 * a queue while Redis was frozen, and the handler long since answered 503) spends nothing.
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
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
return {allowed, retry, math.floor(tokens), redisNow}
`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

/**
 * A rate-limit store in Redis, for sites that run several server processes.
 *
 * Give either `url` (`redis://[:password@]host:port`; a small built-in client is used and
 * {@link close} closes it) or `command`, a function sending one command with your own client:
 * `(args) => ioredis.call(...args)` or `(args) => nodeRedis.sendCommand(args)`.
 *
 * Time comes from the handler (its `now` option), so instances' clocks should agree to within a
 * second or so; a clock behind the stored one never grants extra tokens.
 *
 * A decision that takes longer than `timeoutMs` rejects, and the handler answers 503: a stuck Redis
 * must not hold key requests open. Nor may it spend tokens later: each command carries a deadline
 * (half of `timeoutMs` after it was sent, on Redis' clock) past which the script changes nothing,
 * so the commands that queued up while Redis was frozen cost nothing when it resumes.
 * @param {{ url?: string, command?: (args: string[]) => Promise<unknown>, prefix?: string, timeoutMs?: number }} options
 * @returns {import('./index.js').RateLimitStore & { close(): void }}
 */
export function createRedisRateLimitStore({ url, command, prefix = 'realtime-companion:rl:', timeoutMs = 1000 } = {}) {
  let client = null;
  if (!command) {
    if (!url) throw new TypeError('createRedisRateLimitStore needs `url` or `command`');
    const u = new URL(url);
    if (u.protocol !== 'redis:') throw new TypeError('only redis:// URLs are supported');
    client = createRespClient({
      host: u.hostname || '127.0.0.1',
      port: Number(u.port || 6379),
      password: u.password ? decodeURIComponent(u.password) : undefined,
    });
    command = client.command;
  }
  const raw = command;
  // One decision, however many commands it takes, ends by `until` (ms, our clock).
  const send = (args, until) => {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis command timed out')), Math.max(0, until - Date.now()));
    });
    return Promise.race([raw(args), timeout]).finally(() => clearTimeout(timer));
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

  async function run(key, limit, now) {
    const started = Date.now();
    const until = started + timeoutMs;
    if (offset === null) {
      const [seconds, micros] = await send(['TIME'], until);
      observe(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
    }
    // Half the timeout: a decision made later than that might not reach the handler in time.
    const deadline = Math.floor(started + offset + timeoutMs / 2);
    const args = [String(limit.perMinute), String(limit.burst), String(Math.floor(now)), String(deadline)];
    try {
      return await send(['EVALSHA', SHA, '1', key, ...args], until);
    } catch (err) {
      if (!String(err?.message).startsWith('NOSCRIPT')) throw err;
      return await send(['EVAL', SCRIPT, '1', key, ...args], until);
    }
  }

  return {
    async take(clientId, limit, now) {
      const reply = await run(prefix + clientId, limit, now);
      if (!Array.isArray(reply) || reply.length !== 4) throw new Error('unexpected rate-limit script reply');
      const [allowed, retryAfterMs, remaining, redisNow] = reply.map(Number);
      observe(redisNow);
      if (allowed === -1) throw new Error('the rate-limit decision reached Redis after its deadline');
      return { allowed: allowed === 1, retryAfterMs, remaining };
    },
    close() {
      client?.close();
    },
  };
}
