// Types of web/attach.js (to be folded into web/index.d.ts).
import type { Companion } from './index';

/** What a key function may return: the key, or OpenAI's `client_secret` shape (expiry checked). */
export type EphemeralKey = string | { value: string; expires_at?: number };

/** One thing that happened to the attached element; `at` is the time in ms (`options.now`). */
export type DeepChatAttachmentEvent =
  | { type: 'key_requested'; at: number }
  /** `expiresAt` (Unix seconds) when the key function returned `{ value, expires_at }`. */
  | { type: 'key_received'; at: number; expiresAt?: number }
  /** The key function threw or rejected; DeepChat shows its error and the next start tries again. */
  | { type: 'key_failed'; at: number; message: string }
  /** The key was not handed to DeepChat: no key, an `sk-` API key, or an expired key. */
  | { type: 'key_refused'; at: number; reason: 'not_a_key' | 'master_key' | 'expired'; message: string }
  /** DeepChat's `sts-session-started`: the data channel is open and the service said `session.created`. */
  | { type: 'session_started'; at: number }
  /** DeepChat's `sts-session-stopped`: stopped by the person, or by DeepChat after a failure. */
  | { type: 'session_stopped'; at: number }
  /** DeepChat showed its error (a failed key, a refused offer, a broken handler, a server `error` event). */
  | { type: 'session_failed'; at: number; message: string }
  /** The spent realtime service was replaced by a fresh one; `error` is the error text kept visible. */
  | { type: 'reset'; at: number; error: string | null };

export interface AttachOptions {
  /** Gives DeepChat `config.tools` (`companion.tools`) and `config.function_handler`. */
  companion: Pick<Companion, 'tools' | 'functionHandler'>;
  /** Called once for every start (never cached); must return a fresh ephemeral key. */
  fetchEphemeralKey: () => EphemeralKey | Promise<EphemeralKey>;
  /** Called for every {@link DeepChatAttachmentEvent}; a throwing listener is reported, not rethrown. */
  onEvent?: (event: DeepChatAttachmentEvent) => void;
  /** Clock in ms (for expiry checks and event times). Default `Date.now`. */
  now?: () => number;
}

export interface DeepChatAttachment {
  readonly state: 'idle' | 'fetching_key' | 'connecting' | 'live' | 'failed';
  /** Stops a live session, removes the listeners and restores the element's own `directConnection`. */
  detach(): void;
}

/**
 * Sets `chat.directConnection.openAI.realtime` (keeping the page's other settings): no automatic key
 * fetch or start, the key function, the companion's tools and handler. After every session end or
 * failure the element gets a fresh realtime service, so every start fetches a fresh key.
 * Throws `TypeError` if `chat` is not a defined `<deep-chat>`, `CompanionConfigError` for bad options
 * or when the element's settings hold an API key (`openAI.key`) or a fixed `ephemeralKey`.
 */
export function attachToDeepChat(chat: HTMLElement, options: AttachOptions): DeepChatAttachment;
