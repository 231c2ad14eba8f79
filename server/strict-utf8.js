// The server's one UTF-8 rule for bytes it is handed (a tool request's body, OpenAI's answers):
// strict, so bytes that are not UTF-8 are refused rather than replaced by U+FFFD, which would let
// the text that is checked differ from the bytes that were sent. (The page's reader,
// common/read-body.js, replaces instead: it only shows what it reads.)

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * @param {Uint8Array} bytes
 * @returns {string | undefined} the text, or undefined when the bytes are not UTF-8
 */
export function decodeStrictUtf8(bytes) {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
