#!/usr/bin/env node
// Installs what `npm start` and `npm test` need and is missing, on Debian.
// Idempotent and quick when everything is present (one dpkg-query call, one stat).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// What each Debian package is for; scripts/debian-packages.txt is the list.
const packages = readFileSync(join(root, 'scripts/debian-packages.txt'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean);

function missingDebianPackages() {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], {
    encoding: 'utf8',
  });
  if (result.error) {
    console.error('setup: dpkg-query is not available; this set-up step knows Debian only.');
    console.error(`setup: install the equivalents of: ${packages.join(' ')}`);
    process.exit(1);
  }
  const installed = new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0].replace(/:.*/, '')),
  );
  return packages.filter((name) => !installed.has(name));
}

function run(command, args) {
  console.log(`setup: ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const missing = missingDebianPackages();
if (missing.length > 0) {
  const install = ['install', '-y', '-q', '--no-install-recommends', ...missing];
  if (process.getuid?.() !== 0) {
    console.error(`setup: missing Debian packages: ${missing.join(' ')}`);
    console.error(`setup: run as root:  sudo apt-get update && sudo apt-get ${install.join(' ')}`);
    process.exit(1);
  }
  run('apt-get', ['update', '-q']);
  run('apt-get', install);
}

// npm ci only when node_modules is absent or older than the lock file.
const lock = join(root, 'package-lock.json');
const installedLock = join(root, 'node_modules/.package-lock.json');
const hasDependencies = existsSync(lock) && Object.keys(JSON.parse(readFileSync(lock, 'utf8')).packages ?? {}).length > 1;
if (hasDependencies && (!existsSync(installedLock) || statSync(installedLock).mtimeMs < statSync(lock).mtimeMs)) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
