// Shared by the server tests (not a test file itself): real servers on 127.0.0.1, ephemeral ports.
import http from 'node:http';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { describe, it, before, after } from 'node:test';
import { createEphemeralKeyHandler, createRealtimeCallHandler } from '../../server/index.js';

export const PAGE = 'https://app.example.test';
/** Headers a well-behaved same-origin page sends with fetch(). */
export const GOOD = { 'x-requested-with': 'fetch', 'sec-fetch-site': 'same-origin' };

/**
 * Starts a node:http server around `factory(options)` (a handler of this package) at `path`. Audit
 * records are collected in `audit` (objects) and `lines` (their JSON, as the stdout sink would write them).
 */
async function startHandlerServer(factory, path, options) {
  const audit = [];
  const lines = [];
  const handler = factory({
    allowedOrigins: [PAGE],
    audit: (r) => {
      audit.push(r);
      lines.push(JSON.stringify(r));
    },
    ...options,
  });
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${path}`,
    audit,
    lines,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** createEphemeralKeyHandler(options) on a real server, at /ephemeral-key. */
export const startHandler = (options) => startHandlerServer(createEphemeralKeyHandler, '/ephemeral-key', options);
/** createRealtimeCallHandler(options) on a real server, at /realtime/call. */
export const startCallHandler = (options) => startHandlerServer(createRealtimeCallHandler, '/realtime/call', options);

/**
 * Runs `fn(h)` with createEphemeralKeyHandler on a real server (startHandler), the master key and
 * `baseURL` of `openai` (a stand-in from testing/openai-rest.js) filled in; closed after.
 */
export async function withKeyHandler(openai, options, fn) {
  const h = await startHandler({ apiKey: openai.masterKey, baseURL: openai.baseURL, ...options });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

/**
 * A plain HTTP server playing OpenAI, whose next answer, whatever the path, is `answer(req, res)`
 * (`set`), or a key (`key`); `paths` records what was asked.
 */
export async function startUpstream() {
  let answer = (req, res) => res.end('{}');
  const paths = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    paths.push(req.url);
    req.resume();
    answer(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${server.address().port}/v1`,
    paths,
    set(fn) {
      answer = fn;
    },
    key(value, expiresAt) {
      answer = (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ value, expires_at: expiresAt, session: { type: 'realtime' } }));
      };
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One HTTP request with full control over headers (fetch would add or forbid some). */
export function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.setTimeout(10000, () => req.destroy(new Error('test request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A port that was free a moment ago (for programs that cannot report the port they bound). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Whether `cmd --version` runs. */
export function hasCommand(cmd) {
  return new Promise((resolve) => {
    const p = spawn(cmd, ['--version'], { stdio: 'ignore' });
    p.on('error', () => resolve(false));
    p.on('exit', (code) => resolve(code === 0));
  });
}

/**
 * Starts a throw-away redis-server (no persistence) on a free port; resolves once it answers.
 * @returns {Promise<{ url: string, port: number, pause(): void, resume(): void, stop(): Promise<void> }>}
 */
export async function startRedis() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    const ready = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      proc.on('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
      proc.stdout.on('data', () => {
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    if (ready) {
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        /** Freezes the server (SIGSTOP): connections stay open, commands queue, nothing answers. */
        pause: () => proc.kill('SIGSTOP'),
        resume: () => proc.kill('SIGCONT'),
        stop: () =>
          new Promise((resolve) => {
            if (proc.exitCode !== null) return resolve();
            proc.on('exit', () => resolve());
            proc.kill('SIGCONT');
            proc.kill('SIGTERM');
          }),
      };
    }
    proc.kill('SIGKILL');
  }
  throw new Error('redis-server did not start');
}

const NO_REDIS = 'redis-server not installed (apt-get install redis-server; scripts/debian-packages.txt lists it)';

/**
 * A describe() whose tests share one throw-away redis-server (startRedis), stopped after them. Where
 * redis-server is not installed, every `real.it` is skipped with a message saying how to get it.
 * `body(real)` registers the tests: `real.it(name, fn)` for tests that need the server,
 * `real.before(fn)` / `real.after(fn)` for set-up that runs only when it is there (`after` hooks
 * run before the server stops), and `real.redis` is the server once the tests run.
 * @param {string} name
 * @param {import('node:test').TestOptions} options
 * @param {(real: { redis: Awaited<ReturnType<typeof startRedis>> | null,
 *   it: (name: string, fn: () => unknown) => void,
 *   before: (fn: () => unknown) => void, after: (fn: () => unknown) => void }) => void} body
 */
export function describeWithRealRedis(name, options, body) {
  return describe(name, options, async () => {
    const available = await hasCommand('redis-server');
    const real = {
      redis: null,
      it: (title, fn) => it(title, { skip: !available && NO_REDIS }, fn),
      before: (fn) => before(async () => {
        if (available) await fn();
      }),
      after: (fn) => after(async () => {
        if (available) await fn();
      }),
    };
    before(async () => {
      if (available) real.redis = await startRedis();
    });
    await body(real);
    after(() => real.redis?.stop());
  });
}
