// The README's code is tested code: every block marked `<!-- test: verbatim <file> -->` must appear,
// as it is, in that file (which the tests run), and no documentation or typing may tell a page author
// to use OpenAI's beta Realtime interface, switched off on 2026-05-12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readmeBlocksOf } from '../types/readme-blocks.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('every README block marked verbatim is in its file, as it is', () => {
  const blocks = readmeBlocksOf('verbatim');
  assert.ok(blocks.size >= 3, `found ${blocks.size} marked blocks`);
  for (const [file, { code, line }] of blocks) {
    const text = readFileSync(join(root, file), 'utf8');
    assert.ok(text.includes(code), `README.md:${line}: the block differs from ${file}:\n${code}`);
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
