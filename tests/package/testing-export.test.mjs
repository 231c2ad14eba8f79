// realtime-companion/testing as an author's CI installs it from the packed tarball: shipped, and
// werift only an optional peer. Without werift the stand-in refuses to start with the command that
// adds it; with it, one baseURL mints a key. Either way the page's entry point never loads it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { packedApp, root } from './support/packed-app.mjs';

const run = promisify(execFile);
let project;

before(() => {
  project = packedApp();
});

after(() => project?.close());

const script = `
  import { startOpenAIStandIn } from 'realtime-companion/testing';
  try {
    const openai = await startOpenAIStandIn();
    const answer = await fetch(openai.baseURL + '/realtime/client_secrets', { method: 'POST',
      headers: { authorization: 'Bearer ' + openai.masterKey, 'content-type': 'application/json' },
      body: JSON.stringify({ session: { type: 'realtime', model: 'gpt-realtime' } }) });
    console.log(JSON.stringify({ started: true, status: answer.status, value: (await answer.json()).value?.slice(0, 3) }));
    await openai.close();
  } catch (error) {
    console.log(JSON.stringify({ started: false, message: error.message }));
  }
`;

async function runInApp() {
  writeFileSync(join(project.app, 'ci.mjs'), script);
  const { stdout } = await run(process.execPath, ['ci.mjs'], { cwd: project.app });
  return JSON.parse(stdout);
}

test('the tarball ships testing/ with its types, and installing it does not pull werift in', () => {
  const shipped = readdirSync(join(project.app, 'node_modules/realtime-companion/testing')).sort();
  for (const file of ['index.js', 'index.d.ts', 'call.js', 'openai-rest.js', 'realtime-webrtc.js', 'werift.js']) assert.ok(shipped.includes(file), shipped.join(', '));
  assert.equal(existsSync(join(project.app, 'node_modules/werift')), false, 'werift is an optional peer: npm does not install it');
});

test('without werift: one clear error naming the command, and the page and server entry points still load', async () => {
  const outcome = await runInApp();
  assert.equal(outcome.started, false);
  assert.match(outcome.message, /realtime-companion\/testing: .*werift.*"npm install --save-dev werift"/);
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e',
    "const [web, server] = await Promise.all([import('realtime-companion'), import('realtime-companion/server')]); console.log(typeof web.createCompanion, typeof server.createRealtimeCallHandler);"],
  { cwd: project.app });
  assert.equal(stdout.trim(), 'function function');
});

test('with werift installed: the stand-in starts and mints a key under its baseURL', async () => {
  // What `npm install --save-dev werift` gives the app; linked from this project's node_modules (no network).
  symlinkSync(join(root, 'node_modules/werift'), join(project.app, 'node_modules/werift'), 'dir');
  assert.deepEqual(await runInApp(), { started: true, status: 200, value: 'ek_' });
});
