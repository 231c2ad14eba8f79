// Test what ships: `npm pack`, install the tarball into an empty folder, import
// it by name, make a tool call through it and get a key through its key piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBackend } from '../support/test-backend.mjs';
import { startKeyEndpoint } from '../support/key-endpoint.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

test('the packed package installs into an empty folder and works by name', async () => {
  const work = mkdtempSync(join(tmpdir(), 'rc-pack-'));
  const backend = await startBackend();
  const keyEndpoint = await startKeyEndpoint();
  try {
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
      .trim().split('\n').at(-1);
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(work, tarball)], { cwd: app });

    const shipped = readdirSync(join(app, 'node_modules/realtime-companion'), { recursive: true }).sort();
    for (const artifact of ['core', 'browser', 'keys']) {
      const file = `dist/realtime-companion-${artifact}.wasm`;
      assert.ok(shipped.includes(file), `${file}: ${shipped.join(', ')}`);
    }
    // The browser core and the key piece are standalone WebAssembly (common/standalone-instance.js loads them); the compiler keeps its glue.
    for (const file of ['dist/realtime-companion-core.mjs', 'common/standalone-instance.js']) {
      assert.ok(shipped.includes(file), `${file}: ${shipped.join(', ')}`);
    }
    assert.ok(shipped.includes('web/index.d.ts'));
    assert.ok(shipped.includes('server/index.js') && shipped.includes('server/index.d.ts'));
    assert.ok(!shipped.some((f) => f.startsWith('src/') || f.startsWith('tests/') || f.startsWith('build/')), 'no sources or build trees shipped');

    writeFileSync(join(app, 'main.mjs'), `
      import { createCompanion } from 'realtime-companion';
      const companion = await createCompanion({ baseUrl: ${JSON.stringify(backend.origin)},
        tools: [{ type: 'function', name: 'json', parameters: { type: 'object', properties: {} } }] });
      const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
      const keys = await createCompanion({ baseUrl: ${JSON.stringify(backend.origin)}, tools: [],
        keyEndpoint: ${JSON.stringify(keyEndpoint.url)}, keys: { prefetchOnCreate: false } });
      const key = await keys.fetchEphemeralKey(); // through the key piece, loaded on the way
      console.log(JSON.stringify({ tools: companion.tools, result, key: key.slice(0, 8), handedOut: keys.keyStatus().keysHandedOut }));
      companion.dispose();
      keys.dispose();
    `);
    // Asynchronously: the backend lives in this process and must keep answering.
    const { stdout } = await promisify(execFile)(process.execPath, ['main.mjs'], { cwd: app });
    const output = JSON.parse(stdout);
    assert.deepEqual(output.result, { temp: 21, city: 'Paris' });
    assert.equal(output.tools[0].name, 'json');
    assert.equal(output.key, 'ek_test_');
    assert.equal(output.handedOut, 1);
  } finally {
    await backend.close();
    await keyEndpoint.close();
    rmSync(work, { recursive: true, force: true });
  }
});
