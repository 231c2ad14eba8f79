// Shared by the server tests (not a test file itself): HTTP requests written byte for byte (no
// client library would send "//[/x" or a half body), and wirings run as child processes.
import net from 'node:net';
import { spawn } from 'node:child_process';

/**
 * Sends one request exactly as given and reads the answer to the end (`Connection: close`).
 * @param {number} port
 * @param {{ method?: string, target: string, headers?: Record<string, string>, body?: string | Buffer, chunks?: string[],
 *   mayReset?: boolean }} request `mayReset`: a server that refuses a large upload by closing the
 *   connection (Fastify past its bodyLimit) may reset it before its answer is read; that counts as
 *   an answer with status 0 and `reset: true`.
 * @returns {Promise<{ status: number, headers: Record<string, string>, text: string, json: any, reset?: boolean }>}
 */
export function rawRequest(port, { method = 'GET', target, headers = {}, body, chunks, mayReset = false }) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    const payload = body === undefined ? undefined : Buffer.from(body);
    if (payload) lines.push(`Content-Length: ${payload.length}`);
    if (chunks) lines.push('Transfer-Encoding: chunked');
    socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
    const received = [];
    // A large body goes in pieces, and no further once the server has answered (a 413 does not wait).
    if (payload) {
      let at = 0;
      const more = () => {
        while (at < payload.length && received.length === 0 && !socket.destroyed) {
          const piece = payload.subarray(at, at + 65536);
          at += piece.length;
          if (!socket.write(piece)) return void socket.once('drain', more);
        }
      };
      more();
    }
    if (chunks) {
      for (const c of chunks) socket.write(`${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`);
      socket.write('0\r\n\r\n');
    }
    socket.on('data', (d) => received.push(d));
    socket.setTimeout(8000, () => socket.destroy(new Error(`no complete answer to ${method} ${target}`)));
    // A server may answer and close before the whole body is written (a 413): keep its answer.
    let failure = null;
    socket.on('error', (err) => (failure = err));
    socket.on('close', () => {
      const all = Buffer.concat(received);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0 && mayReset && /EPIPE|ECONNRESET/.test(failure?.code ?? '')) return resolve({ status: 0, headers: {}, text: '', reset: true });
      if (split < 0) return reject(failure ?? new Error(`no answer to ${method} ${JSON.stringify(target)}`));
      const [statusLine, ...headerLines] = all.subarray(0, split).toString('latin1').split('\r\n');
      const parsed = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let rest = all.subarray(split + 4);
      if (parsed['transfer-encoding'] === 'chunked') rest = dechunk(rest);
      const text = rest.toString('utf8');
      let json;
      try {
        json = JSON.parse(text);
      } catch {}
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, text, json });
    });
  });
}

function dechunk(buffer) {
  const out = [];
  let at = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    out.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** Starts a POST whose client disconnects after part of the body. Resolves once the socket is gone. */
export function abortedUpload(port, target) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"people":`);
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

/**
 * Runs a wiring script (tests/tool-calls/wirings/*.mjs) as a child process; resolves once it listens.
 * @returns {Promise<{ port: number, alive(): boolean, output(): string, stop(): Promise<void> }>}
 */
export async function startWiring(file, env = {}) {
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start: ${out}`)), 15000);
    child.stdout.on('data', () => {
      const m = /WIRING LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}): ${out}`));
    });
  });
  return {
    port,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => out,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
