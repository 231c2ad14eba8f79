// DeepChat's realtime ▶/■ toggle, as the browser tests press it.

/** The toggle inside the page's <deep-chat> element. */
export const TOGGLE = 'deep-chat .deep-chat-openai-realtime-toggle';

/**
 * Clicks ▶, waits until the realtime stand-in `rt` has opened a session after the ones it had,
 * and until the page's attachment (window.attachment) says live; resolves with that session.
 */
export async function startLiveSession(page, rt) {
  const before = rt.sessions.length;
  await page.locator(TOGGLE).click({ timeout: 5_000 });
  const session = await rt.waitForSession({ after: before, timeoutMs: 15_000 });
  await page.waitForFunction(() => window.attachment.state === 'live', null, { timeout: 10_000 });
  return session;
}
