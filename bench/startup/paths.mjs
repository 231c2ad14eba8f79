// The two ways a page gets its tools, as the cold-start bench names them: which artifact each
// loads, and the common/load-core.js function that loads it.
export const paths = [['set', 'compiled set'], ['tools', 'raw tools']];

/** @param {'set' | 'tools'} path */
export function artifactOf(path) {
  return path === 'set'
    ? { name: 'realtime-companion-browser', loader: 'loadBrowserCore', glue: false }
    : { name: 'realtime-companion-core', loader: 'loadCore', glue: true };
}
