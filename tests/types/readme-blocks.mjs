// The README's code blocks that tests run, so that the README shows the tested code. A block is
// marked by an HTML comment on the line before its fence (invisible on GitHub and npm):
//   <!-- test: typecheck quick-start-server.ts -->          compiled by tests/types/
//   <!-- test: bundlers page.js, typecheck bundler-page.ts --> used by two suites, under two names
import { readFileSync } from 'node:fs';

const readmeUrl = new URL('../../README.md', import.meta.url);

/** Every marked block: `{ suite, file, lang, code, line }`, `line` being the fence's (1-based). */
export function readmeBlocks() {
  const lines = readFileSync(readmeUrl, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^(\s*)<!-- test: (.+) -->$/.exec(lines[i]);
    if (!marker) continue;
    const fence = /^(\s*)```(\w*)$/.exec(lines[i + 1] ?? '');
    if (!fence || fence[1] !== marker[1]) throw new Error(`README.md:${i + 1}: a test marker must stand right before a code fence`);
    const indent = fence[1];
    const end = lines.findIndex((line, j) => j > i + 1 && line === `${indent}\`\`\``);
    if (end < 0) throw new Error(`README.md:${i + 2}: unclosed code block`);
    const code = lines.slice(i + 2, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n') + '\n';
    for (const use of marker[2].split(',')) {
      const [suite, file, ...rest] = use.trim().split(/\s+/);
      if (!suite || !file || rest.length > 0) throw new Error(`README.md:${i + 1}: write "<!-- test: suite file[, suite file] -->"`);
      blocks.push({ suite, file, lang: fence[2], code, line: i + 2 });
    }
  }
  return blocks;
}

/** The blocks one suite uses, by file name; a name given twice is an error. */
export function readmeBlocksOf(suite) {
  const byFile = new Map();
  for (const block of readmeBlocks().filter((b) => b.suite === suite)) {
    if (byFile.has(block.file)) throw new Error(`README.md:${block.line}: "${suite} ${block.file}" is marked twice`);
    byFile.set(block.file, block);
  }
  return byFile;
}
