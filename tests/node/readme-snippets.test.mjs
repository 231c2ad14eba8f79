// The README's code is tested code: every block marked `<!-- tested: <file> -->` must appear, as
// it is, in that file (which the tests run), and no documentation or typing may tell a page author
// to use OpenAI's beta Realtime interface, switched off on 2026-05-12.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('every README block marked as tested is in its file, verbatim', () => {
  const blocks = [...readme.matchAll(/<!-- tested: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 3, `found ${blocks.length} marked blocks`);
  for (const [, file, code] of blocks) {
    const text = readFileSync(join(root, file), 'utf8');
    assert.ok(text.includes(code), `README block for ${file} differs from the file:\n${code}`);
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
