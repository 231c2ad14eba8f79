/**
 * `response.done`'s `usage` for the stand-in's responses, in the shape openai-node types it
 * (`RealtimeResponseUsage`), with numbers that are made up but deterministic and plausible:
 *
 * - a text costs a token per 4 code points, rounded up (`tokensOf`); audio costs 3 tokens per token
 *   of its transcript (audio of unknown words, as committed input audio: 10);
 * - input: what the model read when the response was created: the instructions and tools (text),
 *   then every item of the conversation before it (text parts as text, audio parts as audio,
 *   function calls and their outputs as text);
 * - cached: the part of the input the session's previous response also read, in whole 64-token
 *   blocks, per kind (OpenAI caches prompt prefixes; its block size is not on record);
 * - output: what the response streamed, cut items as cut: a spoken message costs its transcript as
 *   text plus its audio, a text message its text, a function call its name and arguments.
 *
 * A response OpenAI cancelled before it was created has no usage (null).
 */

/** Tokens of a text: one per 4 code points, rounded up. */
export const tokensOf = (text) => Math.ceil([...String(text ?? '')].length / 4);
const audioTokensOf = (transcript) => (typeof transcript === 'string' ? 3 * tokensOf(transcript) : 10);

/** { text, audio } tokens of one conversation item. */
function itemTokens(item) {
  const tokens = { text: 0, audio: 0 };
  if (item?.type === 'function_call') tokens.text += tokensOf(item.name) + tokensOf(item.arguments);
  else if (item?.type === 'function_call_output') tokens.text += tokensOf(item.output);
  for (const part of Array.isArray(item?.content) ? item.content : []) {
    if (part?.type === 'input_audio' || part?.type === 'output_audio') tokens.audio += audioTokensOf(part.transcript);
    else tokens.text += tokensOf(part?.text ?? part?.transcript ?? '');
  }
  return tokens;
}

const sum = (list) => list.reduce((a, b) => ({ text: a.text + b.text, audio: a.audio + b.audio }), { text: 0, audio: 0 });

/** The input tokens of a response created now in `session`, by kind: `{ text, audio }`. */
export function inputTokens(session) {
  const { instructions, tools } = session.config;
  const setup = { text: tokensOf(instructions) + (Array.isArray(tools) && tools.length > 0 ? tokensOf(JSON.stringify(tools)) : 0), audio: 0 };
  return sum([setup, ...session.items.map(itemTokens)]);
}

/** Tokens the previous response's input shares with this one, in whole 64-token blocks, by kind. */
export function cachedTokens(previous, input) {
  const block = (a, b) => Math.floor(Math.min(a, b) / 64) * 64;
  return previous ? { text: block(previous.text, input.text), audio: block(previous.audio, input.audio) } : { text: 0, audio: 0 };
}

/**
 * `RealtimeResponseUsage` for a response that read `input` (`{ text, audio }`), of which `cached`,
 * and streamed `output` (its items as they ended).
 */
export function usageOf({ input, cached, output }) {
  const out = sum(output.map((item) => {
    const tokens = itemTokens(item);
    // A spoken message's transcript is output text too.
    const spoken = (item?.content ?? []).filter((part) => part?.type === 'output_audio').reduce((n, part) => n + tokensOf(part.transcript), 0);
    return { text: tokens.text + spoken, audio: tokens.audio };
  }));
  const inputTotal = input.text + input.audio;
  const outputTotal = out.text + out.audio;
  return {
    total_tokens: inputTotal + outputTotal,
    input_tokens: inputTotal,
    output_tokens: outputTotal,
    input_token_details: {
      cached_tokens: cached.text + cached.audio,
      text_tokens: input.text,
      audio_tokens: input.audio,
      image_tokens: 0,
      cached_tokens_details: { text_tokens: cached.text, audio_tokens: cached.audio, image_tokens: 0 },
    },
    output_token_details: { text_tokens: out.text, audio_tokens: out.audio },
  };
}
