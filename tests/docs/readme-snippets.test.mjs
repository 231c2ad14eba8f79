// The README's and docs' code is tested code: every block marked `<!-- test: verbatim <file> -->` must appear,
// as it is, in that file (which the tests run), and no documentation or typing may tell a page author
// to use OpenAI's beta Realtime interface, switched off on 2026-05-12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readmeBlocksOf } from '../types/readme-blocks.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('every README or docs block marked verbatim is in its file, as it is', () => {
  const blocks = [...readmeBlocksOf('verbatim').values()];
  assert.ok(blocks.length >= 3, `found ${blocks.length} marked blocks`);
  assert.ok(blocks.some((block) => block.doc === 'docs/testing.md'), 'docs/testing.md shows its recipe from the test that runs it');
  for (const { file, code, doc, line } of blocks) {
    const text = readFileSync(join(root, file), 'utf8');
    assert.ok(text.includes(code), `${doc}:${line}: the block differs from ${file}:\n${code}`);
  }
});

test('no README, doc, typing or example tells anyone to use the beta Realtime interface', () => {
  const files = ['README.md', 'web/index.d.ts', 'server/index.d.ts', 'examples/fastapi/README.md', 'examples/fastapi/app.py',
    ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
    ...readdirSync(join(root, 'examples/quick-start')).map((f) => `examples/quick-start/${f}`)];
  const beta = /api: 'sessions'|\/v1\/realtime\/sessions|realtime\/sessions|gpt-4o-realtime-preview|OpenAI-Beta|response\.audio_transcript/;
  for (const file of files) {
    readFileSync(join(root, file), 'utf8').split('\n').forEach((line, i) => {
      if (beta.test(line)) assert.match(line, /beta|switched off|2\.4\.2/i, `${file}:${i + 1} names the beta interface as if it worked: ${line.trim()}`);
    });
  }
});
