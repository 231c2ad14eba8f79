// The official JSON-Schema-Test-Suite on the WASM build, through the public
// compileSchema API (the native runner is tests/native/schema/conformance_test.cpp).
// The suite is never copied into this repository: it is read where it lies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { compileSchema } from '../../web/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const candidates = [process.env.RC_JSON_SCHEMA_TEST_SUITE, join(root, '../shared/json-schema-test-suite'), '/usr/share/json-schema-test-suite'];
const suite = candidates.find((dir) => dir && existsSync(join(dir, 'tests')));
const formats = ['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid'];

const known = new Set(readFileSync(join(root, 'tests/conformance/known-failures.txt'), 'utf8')
  .split('\n').filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.split('|').slice(0, 3).map((p) => p.trim()).join(' | ')));

function remotes() {
  const dir = join(suite, 'remotes');
  const out = {};
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!file.endsWith('.json')) continue;
    out[`http://localhost:1234/${file.split('\\').join('/')}`] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return out;
}

async function runFiles(dialect, files, formatMode, remoteSchemas) {
  const row = { dialect, files: files.length, tests: 0, passed: 0, failed: 0, known: 0, unexpected: [] };
  for (const file of files) {
    const name = `${dialect}/${relative(join(suite, 'tests', dialect), file)}`;
    for (const group of JSON.parse(readFileSync(file, 'utf8'))) {
      let validator;
      try {
        validator = await compileSchema(group.schema, {
          defaultDialect: dialect === 'draft7' ? 'draft7' : 'draft2020-12', formats: formatMode, remotes: remoteSchemas,
        });
      } catch {
        validator = null; // a schema the validator refuses fails every test of its group
      }
      for (const t of group.tests) {
        row.tests++;
        const valid = validator ? validator.validate(JSON.stringify(t.data)).valid : undefined;
        if (valid === t.valid) {
          row.passed++;
          continue;
        }
        row.failed++;
        const id = `${name} | ${group.description} | ${t.description}`;
        if (known.has(id)) row.known++;
        else row.unexpected.push(id);
      }
      validator?.delete();
    }
  }
  return row;
}

function printTable(title, rows) {
  console.log(`\n${title}\n| dialect      | files | tests | passed | failed |\n|--------------|------:|------:|-------:|-------:|`);
  for (const r of rows) console.log(`| ${r.dialect.padEnd(12)} | ${String(r.files).padStart(5)} | ${String(r.tests).padStart(5)} | ${String(r.passed).padStart(6)} | ${String(r.failed).padStart(6)} |`);
}

test('JSON-Schema-Test-Suite on the WASM build: no failure outside tests/conformance/known-failures.txt', {
  skip: suite ? false : 'the JSON-Schema-Test-Suite is absent: set RC_JSON_SCHEMA_TEST_SUITE to a checkout of ' +
    'https://github.com/json-schema-org/JSON-Schema-Test-Suite (or put it at ../shared/json-schema-test-suite, ' +
    'or apt-get install json-schema-test-suite for draft-07)',
}, async () => {
  console.log(`JSON-Schema-Test-Suite at ${suite} (WASM build)`);
  const remoteSchemas = remotes();
  const required = [];
  const optional = [];
  for (const dialect of ['draft2020-12', 'draft7']) {
    const dir = join(suite, 'tests', dialect);
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)).sort();
    required.push(await runFiles(dialect, files, 'annotation', remoteSchemas));
    const formatFiles = formats.map((f) => join(dir, 'optional/format', `${f}.json`)).filter(existsSync);
    optional.push(await runFiles(dialect, formatFiles, 'assert', remoteSchemas));
  }
  printTable('Required tests (format as annotation)', required);
  printTable(`optional/format, asserted (${formats.join(' ')})`, optional);
  const unexpected = [...required, ...optional].flatMap((r) => r.unexpected);
  assert.deepEqual(unexpected, [], 'failures not in tests/conformance/known-failures.txt');
  assert.ok(required.every((r) => r.tests > 0));
});
