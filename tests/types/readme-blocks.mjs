// The README's (and docs/*.md's) code blocks that tests run, so that the documents show the tested
// code. A block is marked by an HTML comment on the line before its fence (invisible on GitHub and npm):
//   <!-- test: typecheck quick-start-server.ts -->          compiled by tests/types/
//   <!-- test: bundlers page.js, typecheck bundler-page.ts --> used by two suites, under two names
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/** README.md, then every docs/*.md, as paths from the project's root. */
export function documents() {
  return ['README.md', ...readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/** Every marked block: `{ suite, file, lang, code, doc, line }`, `line` being the fence's (1-based) in `doc`. */
export function readmeBlocks() {
  return documents().flatMap(blocksOf);
}

function blocksOf(doc) {
  const lines = readFileSync(new URL(doc, root), 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^(\s*)<!-- test: (.+) -->$/.exec(lines[i]);
    if (!marker) continue;
    const fence = /^(\s*)```(\w*)$/.exec(lines[i + 1] ?? '');
    if (!fence || fence[1] !== marker[1]) throw new Error(`${doc}:${i + 1}: a test marker must stand right before a code fence`);
    const indent = fence[1];
    const end = lines.findIndex((line, j) => j > i + 1 && line === `${indent}\`\`\``);
    if (end < 0) throw new Error(`${doc}:${i + 2}: unclosed code block`);
    const code = lines.slice(i + 2, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n') + '\n';
    for (const use of marker[2].split(',')) {
      const [suite, file, ...rest] = use.trim().split(/\s+/);
      if (!suite || !file || rest.length > 0) throw new Error(`${doc}:${i + 1}: write "<!-- test: suite file[, suite file] -->"`);
      blocks.push({ suite, file, lang: fence[2], code, doc, line: i + 2 });
    }
  }
  return blocks;
}

/**
 * The blocks one suite uses, by file name; a name given twice is an error, except for `verbatim`,
 * where several blocks may show parts of one file (keyed `file`, `file#2` …).
 */
export function readmeBlocksOf(suite) {
  const byFile = new Map();
  for (const block of readmeBlocks().filter((b) => b.suite === suite)) {
    let key = block.file;
    for (let n = 2; suite === 'verbatim' && byFile.has(key); n++) key = `${block.file}#${n}`;
    if (byFile.has(key)) throw new Error(`${block.doc}:${block.line}: "${suite} ${block.file}" is marked twice`);
    byFile.set(key, block);
  }
  return byFile;
}
