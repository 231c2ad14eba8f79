// The option names a hand-written .d.ts documents for an interface (with those it extends): the
// members at the interface's first level, read off the text.

/**
 * @param {string} dts the .d.ts text
 * @param {string} name the interface
 * @returns {string[]}
 */
export function documentedNames(dts, name) {
  const head = new RegExp(`^export interface ${name}(?: extends ([\\w, ]+|Omit<\\w+, [^>]+>))? \\{\\n`, 'm').exec(dts);
  if (!head) throw new Error(`no interface ${name}`);
  const body = dts.slice(head.index + head[0].length, dts.indexOf('\n}', head.index));
  const own = [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]);
  // `Omit<Base, 'a' | 'b'>`: Base's names but those (which the interface declares again itself).
  const omit = head[1] ? /^Omit<(\w+), ([^>]+)>$/.exec(head[1]) : null;
  const inherited = omit
    ? documentedNames(dts, omit[1]).filter((n) => !omit[2].includes(`'${n}'`))
    : head[1] ? head[1].split(',').flatMap((base) => documentedNames(dts, base.trim())) : [];
  return [...inherited, ...own];
}

/** The names of a function's inline `options?: { … }` parameter type. */
export function documentedInlineNames(dts, fn) {
  const match = new RegExp(`export function ${fn}\\([\\s\\S]*?options\\??: \\{([^}]*)\\}`).exec(dts);
  if (!match) throw new Error(`no inline options for ${fn}`);
  return [...match[1].matchAll(/(\w+)\??:/g)].map((m) => m[1]);
}
