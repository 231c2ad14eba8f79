// Tools the page runs (`execute`) and calls that need approval (`needsApproval`), in real Chromium
// over real WebRTC with deep-chat 2.4.2 (npm) and 2.5.0 (../shared), on the key path: the model's
// call is answered in the page (its arguments validated first); an approval is asked with the
// element's own Allow / Decline buttons (no `approve` given), clicked once and declined from the
// keyboard once, and the model is told; a session stopped while the question is open takes the
// question away and runs nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { openLivePage, TOOLS } from '../support/live-page.mjs';

const DEEP_CHAT_250 = fileURLToPath(new URL('../../../shared/deep-chat-2.5.0/deepChat.bundle.js', import.meta.url));
const versions = [
  ['2.4.2', undefined, false],
  ['2.5.0', DEEP_CHAT_250, !existsSync(DEEP_CHAT_250) && `deep-chat 2.5.0 is not at ${DEEP_CHAT_250} (../shared/deep-chat-2.5.0/): skipped`],
];

/** The page-run tools as JSON (what the server's session gets; the page's module adds the functions). */
const PAGE_TOOLS = [
  {
    type: 'function',
    name: 'set_theme',
    description: "Switches the page's theme.",
    parameters: { type: 'object', properties: { theme: { enum: ['light', 'dark'] } }, required: ['theme'], additionalProperties: false },
    execute: true,
  },
  {
    type: 'function',
    name: 'clear_cart',
    description: 'Empties the shopping cart.',
    parameters: { type: 'object', properties: { reason: { type: 'string' } }, additionalProperties: false },
    execute: true,
    needsApproval: true,
  },
];

// The page's tools.js: the routed tools, and the page-run ones with their functions. The cart is
// the page's own state, so the test can see whether clear_cart ran.
const TOOLS_MODULE = `
const [setTheme, clearCart] = ${JSON.stringify(PAGE_TOOLS)};
window.cart = ['tea', 'scones'];
window.cleared = 0;
export const tools = [
  ...${JSON.stringify(TOOLS)},
  { ...setTheme, execute: ({ theme }) => { document.body.dataset.theme = theme; return { theme }; } },
  { ...clearCart, timeoutMs: 60000, execute: () => { window.cleared += 1; const count = window.cart.length; window.cart = []; return { removed: count }; } },
];`;

const outputsFor = (session, callId) => session.events.filter((r) => r.event.type === 'conversation.item.create' && r.event.item?.call_id === callId);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (const [version, deepChat, skip] of versions) {
  describe(`page-run tools and approval with deep-chat ${version}`, { skip, timeout: 180_000 }, () => {
    let live;
    let session;
    before(async () => {
      live = await openLivePage({ deepChat, toolsModule: TOOLS_MODULE, pageTools: PAGE_TOOLS });
      session = await live.start();
    });
    after(async () => {
      await live?.close();
    });

    const prompt = () => live.page.locator('[data-rc-approval="clear_cart"]');

    test('a page-run tool is answered in the page; arguments its schema refuses never reach it', async () => {
      const [ran] = await live.rt.callTools([{ name: 'set_theme', arguments: '{"theme":"dark"}' }]);
      assert.deepEqual(ran.output, { theme: 'dark' });
      assert.equal(await live.page.evaluate(() => document.body.dataset.theme), 'dark');
      const [refused] = await live.rt.callTools([{ name: 'set_theme', arguments: '{"theme":"pink"}' }]);
      assert.equal(refused.output.error.code, 'invalid_arguments');
      assert.match(refused.output.error.message, /\/theme/);
      assert.equal(await live.page.evaluate(() => document.body.dataset.theme), 'dark', 'execute did not run');
      assert.equal(await live.state(), 'live');
    });

    test('approval through the element: the question names the tool and its arguments; Allow runs the call', async () => {
      const answered = live.rt.callTools([{ name: 'clear_cart', arguments: '{"reason":"<b>start over</b>"}' }], { timeoutMs: 20_000 });
      await prompt().waitFor({ timeout: 10_000 });
      const text = await prompt().innerText();
      assert.match(text, /clear_cart/);
      assert.match(text, /reason: "<b>start over<\/b>"/, 'the arguments shown as text, markup and all');
      assert.equal(await prompt().locator('b').count(), 0, 'no markup from the model was made into elements');
      assert.equal(await prompt().getAttribute('role'), 'alertdialog');
      assert.equal(await live.page.evaluate(() => window.cleared), 0, 'nothing ran while the question is open');
      await prompt().getByRole('button', { name: 'Allow' }).click();
      const [output] = await answered;
      assert.deepEqual(output.output, { removed: 2 });
      assert.equal(await prompt().count(), 0, 'the question is gone');
      const events = await live.events();
      assert.ok(events.indexOf('tool_call_approval_requested') < events.indexOf('tool_call_approved'));
    });

    test('declined from the keyboard (focus starts on Decline): the model is told, the cart is untouched', async () => {
      await live.page.evaluate(() => {
        window.cart = ['jam'];
      });
      const answered = live.rt.callTools([{ name: 'clear_cart', arguments: '{}' }], { timeoutMs: 20_000 });
      await prompt().waitFor({ timeout: 10_000 });
      assert.match(await prompt().innerText(), /No arguments\./);
      await live.page.keyboard.press('Enter');
      const [output] = await answered;
      assert.equal(output.output.error.code, 'declined');
      assert.match(output.output.error.message, /declined this call of "clear_cart"; it was not run/);
      assert.deepEqual(await live.page.evaluate(() => window.cart), ['jam']);
      const declined = (await live.events(true)).filter((event) => event.type === 'tool_call_declined');
      assert.deepEqual(declined.map(({ name, reason }) => [name, reason]), [['clear_cart', 'user']]);
      assert.equal(await live.state(), 'live');
    });

    test('the session stopped while the question is open: the question goes, nothing runs or is answered', async () => {
      const before = await live.page.evaluate(() => window.cleared);
      const [callId] = session.callTools([{ name: 'clear_cart', arguments: '{"reason":"stop test"}' }]);
      await prompt().waitFor({ timeout: 10_000 });
      await live.stop();
      await prompt().waitFor({ state: 'detached', timeout: 5_000 });
      await sleep(300);
      assert.equal(await live.page.evaluate(() => window.cleared), before, 'execute never ran');
      assert.equal(outputsFor(session, callId).length, 0, 'no output for the call');
      const aborted = (await live.events(true)).find((event) => event.type === 'tool_call_aborted' && event.callId === callId);
      assert.equal(aborted?.reason, 'session_stopped');
      assert.deepEqual(live.pageErrors, []);
    });
  });
}
