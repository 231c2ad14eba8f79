// Test what ships: `npm pack`, install the tarball into an empty folder, import
// it by name and make a tool call through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBackend } from '../node/support/test-backend.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

test('the packed package installs into an empty folder and works by name', async () => {
  const work = mkdtempSync(join(tmpdir(), 'rc-pack-'));
  const backend = await startBackend();
  try {
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
      .trim().split('\n').at(-1);
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(work, tarball)], { cwd: app });

    const shipped = readdirSync(join(app, 'node_modules/realtime-companion'), { recursive: true }).sort();
    assert.ok(shipped.includes('dist/realtime-companion-core.wasm'), shipped.join(', '));
    assert.ok(shipped.includes('web/index.d.ts'));
    assert.ok(shipped.includes('server/index.js') && shipped.includes('server/index.d.ts'));
    assert.ok(!shipped.some((f) => f.startsWith('src/') || f.startsWith('tests/') || f.startsWith('build/')), 'no sources or build trees shipped');

    writeFileSync(join(app, 'main.mjs'), `
      import { createCompanion } from 'realtime-companion';
      const companion = await createCompanion({ baseUrl: ${JSON.stringify(backend.origin)},
        tools: [{ type: 'function', name: 'json', parameters: { type: 'object', properties: {} } }] });
      const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
      console.log(JSON.stringify({ tools: companion.tools, result }));
      companion.dispose();
    `);
    // Asynchronously: the backend lives in this process and must keep answering.
    const { stdout } = await promisify(execFile)(process.execPath, ['main.mjs'], { cwd: app });
    const output = JSON.parse(stdout);
    assert.deepEqual(output.result, { temp: 21, city: 'Paris' });
    assert.equal(output.tools[0].name, 'json');
  } finally {
    await backend.close();
    rmSync(work, { recursive: true, force: true });
  }
});
