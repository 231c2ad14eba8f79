// An empty project with the packed tarball installed from it, as a user's project would have it.
// Other packages the test needs (bundlers' plugins, React, @types) are linked in from this
// project's node_modules after the install, so nothing else is downloaded. npm must never run in
// the app after that: it would prune the links' targets.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Packs this project (without its prepack build: the WASM build is already in dist/) into `dir`; returns the tarball's path. */
export function packTarball(dir) {
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })
    .trim().split('\n').at(-1);
  return join(dir, name);
}

/**
 * @param {{ link?: string[] }} [options] package names to link from this project's node_modules
 * @returns {{ work: string, app: string, tarball: string, close(): void }}
 */
export function packedApp({ link = [] } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'rc-app-'));
  try {
    const tarball = packTarball(work);
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: app });
    for (const name of link) {
      const target = join(app, 'node_modules', name);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(root, 'node_modules', name), target, 'dir');
    }
    // fs.rmSync removes the links, never what they point to.
    return { work, app, tarball, close: () => rmSync(work, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
