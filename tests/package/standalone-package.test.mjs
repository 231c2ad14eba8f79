// The packed tarball stands on its own on npm (issue 13): the ecosystem's checkers pass on it
// (@arethetypeswrong/cli, which failed on server/index.d.ts's extensionless import, and publint
// --strict), it ships its LICENSE and CHANGELOG, and its README links nothing that stays behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { packTarball, root } from './support/packed-app.mjs';

const run = promisify(execFile);
let work;
let tarball;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'rc-lint-'));
  tarball = packTarball(work);
});
after(() => rmSync(work, { recursive: true, force: true }));

async function outcome(bin, args) {
  try {
    const { stdout } = await run(process.execPath, [join(root, 'node_modules', bin), ...args], { cwd: work });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

test('attw: every entry point resolves to its types (ESM-only profile: CommonJS require()s it from Node 20.19)', async () => {
  // esm-only leaves out node10 (no `exports`) and node16-from-CJS, where attw's TypeScript 5.6 still
  // says "dynamic import only"; Node 20.19 require()s it (tests/package/lowest-node.test.mjs).
  const { ok, output } = await outcome('@arethetypeswrong/cli/dist/index.js', [tarball, '--profile', 'esm-only', '--no-color']);
  assert.ok(ok, output);
  const entries = [...output.matchAll(/^"(realtime-companion[^"]*)"\n\n([^*]+)/gm)].map(([, name, lines]) => [name, lines]);
  assert.deepEqual(entries.map(([name]) => name).sort(),
    ['realtime-companion', 'realtime-companion/browser-wasm', 'realtime-companion/keys-wasm', 'realtime-companion/package.json', 'realtime-companion/server',
      'realtime-companion/testing', 'realtime-companion/wasm']);
  for (const [name, lines] of entries) {
    assert.match(lines, /^node16 \(from ESM\): 🟢/m, `${name} under node16 from ESM`);
    assert.match(lines, /^bundler: 🟢/m, `${name} under bundler`);
  }
});

test('publint --strict: no error, warning or suggestion', async () => {
  const { ok, output } = await outcome('publint/src/cli.js', ['run', tarball, '--strict']);
  assert.ok(ok, output);
  assert.match(output, /All good!/);
});

test('the tarball ships an MIT LICENSE (as package.json says), a CHANGELOG entry for its version, and repository links', async () => {
  const listing = (await run('tar', ['tzf', tarball])).stdout.split('\n');
  assert.ok(listing.includes('package/LICENSE') && listing.includes('package/CHANGELOG.md'), listing.join(', '));
  const read = async (file) => (await run('tar', ['xzf', tarball, '-O', `package/${file}`], { maxBuffer: 1 << 24 })).stdout;
  const manifest = JSON.parse(await read('package.json'));
  assert.equal(manifest.license, 'MIT');
  assert.match(await read('LICENSE'), /^MIT License\n[\s\S]*Permission is hereby granted, free of charge/);
  assert.match(await read('CHANGELOG.md'), new RegExp(`^## ${manifest.version.replaceAll('.', '\\.')}\\b`, 'm'));
  const repository = 'https://github.com/realtime-companion/realtime-companion';
  assert.equal(manifest.repository.url, `git+${repository}.git`);
  assert.equal(manifest.homepage, `${repository}#readme`);
  assert.equal(manifest.bugs.url, `${repository}/issues`);
});

test('every link and picture in the README is absolute or an anchor (docs/ and examples/ do not ship)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(targets.length > 5);
  assert.deepEqual(targets.filter((t) => !/^(https:\/\/|#)/.test(t)), []);
});
