// Options objects refuse names they do not know, so that a typo (`baseUrl` for `baseURL`,
// `keyEndPoint`) fails at creation instead of being ignored. Messages name the option, never its
// value. The nearest-name rule is the core's (src/router/known_fields.cpp): an edit distance below
// 3 ignoring case (a case-only difference is distance 0), else a known name the typo begins.

/** Option names are short; a longer one is no typo of a known name. */
const MAX_NAME = 64;

/**
 * Throws `new ErrorType(`${where}: unknown option …`)` for the first own name of `options` that
 * is not in `known`; does nothing for a non-object (the caller reports that).
 * @param {unknown} options
 * @param {Iterable<string>} known
 * @param {string} where the factory, for the message
 * @param {new (message: string) => Error} [ErrorType]
 */
export function refuseUnknownOptions(options, known, where, ErrorType = TypeError) {
  const message = unknownOptionMessage(options, known);
  if (message !== null) throw new ErrorType(`${where}: ${message}`);
}

/** What refuseUnknownOptions would say, or null when every name is known. */
export function unknownOptionMessage(options, known) {
  if (options === null || typeof options !== 'object') return null;
  const names = [...known];
  for (const name of Object.keys(options)) {
    if (names.includes(name)) continue;
    const nearest = nearestName(name, names);
    const shown = `\`${JSON.stringify(name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name).slice(1, -1)}\``;
    return nearest === null
      ? `unknown option ${shown} (known: ${names.join(', ')})`
      : `unknown option ${shown}: did you mean \`${nearest}\`?`;
  }
  return null;
}

/** The known name `name` is most likely a typo of, or null. */
export function nearestName(name, known) {
  if (name.length === 0 || name.length > MAX_NAME) return null;
  let best = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === null && name.length >= 4) {
    best = known.find((candidate) => candidate.toLowerCase().startsWith(name.toLowerCase())) ?? null;
  }
  return best;
}

// Optimal string alignment: Levenshtein plus adjacent swaps.
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
