// Text that only informs (an error's detail, a summary, OpenAI's message) is cut to a bound in
// UTF-16 units, the measure JavaScript's `length` and the core's limits use. A cut between the
// halves of a surrogate pair would leave a lone half, which the core refuses and a page shows as
// U+FFFD, so the cut moves one unit earlier instead.

/**
 * `text` cut to at most `maxUnits` UTF-16 units, never between the halves of a surrogate pair.
 * @param {string} text
 * @param {number} maxUnits
 */
export function cutText(text, maxUnits) {
  if (text.length <= maxUnits) return text;
  const end = /[\uD800-\uDBFF]/.test(text[maxUnits - 1]) ? maxUnits - 1 : maxUnits;
  return text.slice(0, end);
}
