// Shared by the server tests (not a test file itself): a RESP server on 127.0.0.1 that answers
// like Redis until told to misbehave. It answers AUTH, SELECT, ECHO, TIME and the rate-limit
// script; the script's answer is derived from the key, so a test can tell whose answer it got.
import net from 'node:net';

/** The script's answer for a key: `…:c<n>` → allowed when n is even, `remaining` = n. */
export function answerFor(key) {
  const n = Number(/(\d+)$/.exec(key)?.[1] ?? 0);
  return { allowed: n % 2 === 0, retryAfterMs: n % 2 === 0 ? 0 : 1000 + n, remaining: n };
}

const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

/** The reply a well-behaved Redis would give (RESP2 text). */
export function normalReply(cmd) {
  const name = cmd[0].toUpperCase();
  if (name === 'AUTH' || name === 'SELECT') return '+OK\r\n';
  if (name === 'ECHO') return bulk(cmd[1]);
  if (name === 'PING') return '+PONG\r\n';
  if (name === 'TIME') {
    const now = Date.now();
    return `*2\r\n${bulk(String(Math.floor(now / 1000)))}${bulk(String((now % 1000) * 1000))}`;
  }
  if (name === 'EVALSHA' || name === 'EVAL') {
    const a = answerFor(cmd[3]);
    return `*4\r\n:${a.allowed ? 1 : 0}\r\n:${a.retryAfterMs}\r\n:${a.remaining}\r\n:${Date.now()}\r\n`;
  }
  return `-ERR unknown command '${name}'\r\n`;
}

/** Reads RESP arrays of bulk strings (what clients send) from a byte stream. */
function commandReader(onCommand) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      let pos = 0;
      const line = () => {
        const end = buf.indexOf('\r\n', pos);
        if (end < 0) return null;
        const text = buf.toString('latin1', pos, end);
        pos = end + 2;
        return text;
      };
      const head = line();
      if (head === null) return;
      const count = Number(head.slice(1));
      const args = [];
      for (let i = 0; i < count; i++) {
        const len = line();
        if (len === null) return;
        const n = Number(len.slice(1));
        if (buf.length < pos + n + 2) return;
        args.push(buf.toString('utf8', pos, pos + n));
        pos += n + 2;
      }
      buf = buf.subarray(pos);
      onCommand(args);
    }
  };
}

/**
 * Starts the fake. `behave(cmd, ctx)` decides each reply: return undefined for the normal one,
 * `null` to send nothing, or a string/Buffer to send instead. `ctx` has `conn` (the connection's
 * number, from 0), `n` (the command's number over all connections) and `socket`.
 * @param {{ behave?: (cmd: string[], ctx: { conn: number, n: number, socket: net.Socket }) => unknown }} [options]
 */
export async function startFakeRedis({ behave } = {}) {
  const fake = {
    behave: behave ?? (() => undefined),
    /** Every command received, as `{ conn, cmd }`. */
    commands: [],
    /** The server side of each connection accepted. */
    sockets: [],
    /** How many connections were closed (by either side). */
    closed: 0,
  };
  let n = 0;
  const server = net.createServer((socket) => {
    const conn = fake.sockets.length;
    fake.sockets.push(socket);
    socket.on('error', () => {});
    socket.on('close', () => fake.closed++);
    socket.on('data', commandReader((cmd) => {
      fake.commands.push({ conn, cmd });
      const out = fake.behave(cmd, { conn, n: n++, socket });
      if (out === null || socket.destroyed) return;
      socket.write(out === undefined ? normalReply(cmd) : out);
    }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = server.address().port;
  fake.url = `redis://127.0.0.1:${fake.port}`;
  /** The commands named `name` (upper case), in order. */
  fake.named = (name) => fake.commands.filter((c) => c.cmd[0].toUpperCase() === name);
  fake.close = () => {
    for (const s of fake.sockets) s.destroy();
    return new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
