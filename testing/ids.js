/**
 * Ids as OpenAI's look (`sess_…`, `rtc_…`, `item_…`, `ek_…`): a prefix and random hex, so that no
 * test can lean on an id's value.
 */
import { randomBytes } from 'node:crypto';

/** `<prefix>_<hex>` with `bytes` random bytes (16 hex digits by default). */
export const newId = (prefix, bytes = 8) => `${prefix}_${randomBytes(bytes).toString('hex')}`;
