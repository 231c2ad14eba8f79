// Debian's Chromium driven by playwright-core (no browser download is possible
// here). The flags keep it from reaching for the network at start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// What a real WebRTC session on loopback needs: host candidates on 127.0.0.1, and a fake
// microphone that is granted without a prompt (DeepChat calls getUserMedia({ audio: true })).
export const webrtcArgs = ['--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

// Headless in a sandboxless container, and quiet on the network.
export const baseArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** @param {{ args?: string[] }} [options] extra Chromium flags, e.g. {@link webrtcArgs} */
export async function launchChromium({ args = [] } = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: run "npm test" (its set-up installs Debian's chromium) or set CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'rc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [...baseArgs, ...args],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
