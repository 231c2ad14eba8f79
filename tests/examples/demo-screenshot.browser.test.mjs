// 7. The demo in the middle of a tool call, as docs/demo.png shows it. The test always takes the
// screenshot and checks the page's state at that moment; it replaces docs/demo.png only with
// UPDATE_SCREENSHOT=1 (so `npm test` leaves the working tree alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openDemo, nextToolOutput } from '../support/demo-session.mjs';

const checkedIn = join(dirname(fileURLToPath(import.meta.url)), '../../docs/demo.png');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('7. screenshot of the demo during a tool call', { timeout: 60_000 }, async () => {
  const s = await openDemo();
  const folder = mkdtempSync(join(tmpdir(), 'rc-screenshot-'));
  try {
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.start();
    // A little history first: a refused call and a booking, then a weather question in flight.
    await s.say('/call get_weather {"city": 42}');
    await nextToolOutput(s.realtime, 0);
    await s.say('Book a table at Chez Nous for 2 at 19:30');
    await nextToolOutput(s.realtime, 1);
    s.demo.toolFaults.next = 'slow'; // the backend takes 3 s
    await s.say("What's the weather in Lisbon?");
    await s.page.waitForSelector('#tool-calls li.pending', { timeout: 5000 });
    await s.page.waitForTimeout(300); // the model's earlier words settle in the log
    const shot = join(folder, 'demo.png');
    await s.page.screenshot({ path: shot, fullPage: true });

    const pending = await s.page.locator('#tool-calls li.pending').textContent();
    assert.match(pending, /get_weather: calling the backend…\s*\{"city":"Lisbon"\}/);
    assert.equal(await s.state(), 'live');
    const image = readFileSync(shot);
    assert.ok(image.subarray(0, 8).equals(PNG));
    assert.equal(image.readUInt32BE(16), 1280, 'width');
    if (process.env.UPDATE_SCREENSHOT === '1') writeFileSync(checkedIn, image);

    const { output } = await nextToolOutput(s.realtime, 2);
    assert.equal(output.city, 'Lisbon', 'the slow call completes after the screenshot');
    assert.ok(readFileSync(checkedIn).subarray(0, 8).equals(PNG), 'docs/demo.png is checked in');
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await s.close();
  }
});
