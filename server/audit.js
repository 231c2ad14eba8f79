import { createHash } from 'node:crypto';

/**
 * The audit log: one record per decision, handed to a sink. The default sink writes one JSON line
 * to stdout. Records carry a short key id (first 12 hex digits of the key's SHA-256) that lets an
 * operator match a key seen elsewhere to its issuance, without the log being able to reproduce it.
 * @module
 */

/**
 * A short, non-reversible id for a key.
 * @param {string} key
 */
export function keyId(key) {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Writes a record to stdout as one JSON line. */
export function stdoutAuditSink(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

/**
 * Summarises the server's session settings for the log: the instructions are identified by a
 * hash and length (they can be long or confidential), the tools by name.
 * @param {{ api: 'client_secrets' | 'calls', model: string, voice?: string, instructions?: string,
 *   tools?: object[], expiresAfterSeconds?: number }} s
 */
export function sessionSummary(s) {
  return Object.freeze({
    api: s.api,
    model: s.model,
    voice: s.voice ?? null,
    tools: (s.tools ?? []).map((t) => t?.name ?? t?.type ?? '?'),
    instructions_id: s.instructions ? keyId(s.instructions) : null,
    instructions_length: s.instructions ? s.instructions.length : 0,
    expires_after_seconds: s.expiresAfterSeconds ?? null,
  });
}

/**
 * Calls `sink` without letting a failing sink break the answer; the failure is reported on stderr
 * (the record itself holds no secret, but is not repeated there).
 * @param {(record: object) => unknown} sink
 * @param {object} record
 */
export function emit(sink, record) {
  const report = (err) => process.stderr.write(`realtime-companion: audit sink failed: ${err?.name ?? 'error'}\n`);
  try {
    const r = sink(record);
    if (r && typeof r.then === 'function') r.then(undefined, report);
  } catch (err) {
    report(err);
  }
}
