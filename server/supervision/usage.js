/**
 * What a call cost, summed from each `response.done`'s `usage` (openai-node RealtimeResponseUsage).
 * Numbers that are not finite non-negative integers count as 0: a hostile or broken event cannot
 * make a total negative, fractional or NaN.
 * @module
 */

const count = (value) => (Number.isSafeInteger(value) && value >= 0 ? value : 0);

/** An empty tally. */
export function emptyUsage() {
  return { responses: 0, input_tokens: 0, output_tokens: 0, total_tokens: 0, input_audio_tokens: 0, output_audio_tokens: 0, cached_tokens: 0 };
}

/**
 * Adds one response's usage to `tally` (in place).
 * @param {ReturnType<typeof emptyUsage>} tally
 * @param {unknown} usage
 */
export function addUsage(tally, usage) {
  tally.responses += 1;
  if (usage === null || typeof usage !== 'object') return tally;
  tally.input_tokens += count(usage.input_tokens);
  tally.output_tokens += count(usage.output_tokens);
  tally.total_tokens += count(usage.total_tokens) || count(usage.input_tokens) + count(usage.output_tokens);
  tally.input_audio_tokens += count(usage.input_token_details?.audio_tokens);
  tally.output_audio_tokens += count(usage.output_token_details?.audio_tokens);
  tally.cached_tokens += count(usage.input_token_details?.cached_tokens);
  return tally;
}
