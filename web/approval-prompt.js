// The default confirmation for a tool that needs approval, when the page gave no `approve`
// function: a small box in the <deep-chat> element's own (open) shadow root, under its chat
// view, so that it stays with the element that started the call and no page style reaches it.
// Two real buttons (keyboard reachable; Escape declines), the tool's name and a short summary of
// the arguments, all written as text, never as markup: the model chose those arguments.

import { cutText } from '../common/cut-text.js';
const SUMMARY_LENGTH = 120;
let serial = 0;

/**
 * `approve(call)` for attach: shows the question and resolves to the person's answer, or to false
 * when `call.signal` aborts (the deadline passed or the session stopped), taking the box away.
 * @param {HTMLElement} chat the <deep-chat> element
 * @returns {(call: { name: string, arguments: object, signal?: AbortSignal }) => Promise<boolean>}
 */
export function createApprovalPrompt(chat) {
  return (call) => new Promise((resolve) => {
    const id = `rc-approval-${++serial}`;
    const box = element('div', {
      role: 'alertdialog',
      'aria-labelledby': `${id}-question`,
      'aria-describedby': `${id}-arguments`,
      'data-rc-approval': call.name,
      style: 'box-sizing:border-box;margin:8px 0 0;padding:10px 12px;max-width:100%;border:1px solid #b9b9b9;'
        + 'border-radius:8px;background:#fff;color:#222;font:14px/1.4 system-ui,sans-serif',
    });
    const question = element('p', { id: `${id}-question`, style: 'margin:0;font-weight:600' });
    question.textContent = `Allow the assistant to use “${call.name}”?`;
    const details = element('p', { id: `${id}-arguments`, style: 'margin:2px 0 8px;color:#555;overflow-wrap:anywhere' });
    details.textContent = summary(call.arguments);
    const allow = element('button', { type: 'button', style: 'margin-inline-end:8px' });
    allow.textContent = 'Allow';
    const decline = element('button', { type: 'button' });
    decline.textContent = 'Decline';
    box.append(question, details, allow, decline);

    const settle = (answer) => {
      call.signal?.removeEventListener('abort', onAbort);
      box.remove();
      resolve(answer);
    };
    const onAbort = () => settle(false);
    allow.addEventListener('click', () => settle(true));
    decline.addEventListener('click', () => settle(false));
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') settle(false);
    });
    if (call.signal?.aborted) return resolve(false);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    (chat.shadowRoot ?? chat).append(box);
    // Focus goes to the answer that runs nothing: Enter alone never approves.
    decline.focus();
  });
}

function element(tag, attributes) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** `city: "Oslo", days: 3`, cut to SUMMARY_LENGTH characters; "No arguments." for none. */
function summary(args) {
  let text;
  try {
    text = Object.entries(args ?? {}).map(([key, value]) => `${key}: ${JSON.stringify(value) ?? String(value)}`).join(', ');
  } catch {
    text = '(arguments that cannot be shown)';
  }
  if (text === '') return 'No arguments.';
  return text.length > SUMMARY_LENGTH ? `${cutText(text, SUMMARY_LENGTH - 1)}…` : text;
}
