// The demo page: a real <deep-chat> wired through the companion with attachToDeepChat, and panels
// that show the companion's one event stream (keys, session, offer, calls) and every tool call.
import { createCompanion } from '../../web/index.js';

const $ = (id) => document.getElementById(id);
const json = (value) => JSON.stringify(value, null, 2);
const time = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function prepend(listId, node, keep = 40) {
  const list = $(listId);
  list.prepend(node);
  while (list.children.length > keep) list.lastChild.remove();
}

// OFFLINE ONLY. The offer goes to https://api.openai.com/v1/realtime/calls (the companion sends
// DeepChat 2.4.2's beta-path offer there). With no OpenAI account behind the server, this page sends
// that one request (and nothing else) to the local realtime stand-in instead. Online, this function
// is never called.
function routeRealtimeToStandIn(standInOrigin) {
  const openai = 'https://api.openai.com';
  const calls = `${openai}/v1/realtime/calls`;
  const browserFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === calls || url.startsWith(`${calls}?`)) {
      window.demoSdpRequests.push(url);
      showEvent({ type: 'offer_to_stand_in', at: Date.now(), message: `${url} → ${standInOrigin} (offline)` });
      return browserFetch(standInOrigin + url.slice(openai.length), init);
    }
    return browserFetch(input, init);
  };
}

let expiresAt = null; // of the key handed to the current or last session, in seconds

/** The key lifecycle's events: keys named by id only (the stream never holds a key). */
const LIFECYCLE = new Set(['key_fetched', 'key_handed_out', 'key_refreshed', 'key_expired', 'key_response_refused', 'key_fetch_failed']);

/** What one event of the stream says, in a few words. */
function eventDetail(event) {
  if (LIFECYCLE.has(event.type)) {
    return [event.keyId && `key ${event.keyId}`, event.previousKeyId && `replaces ${event.previousKeyId}`,
      event.ttlMs && `valid ${Math.round(event.ttlMs / 1000)} s`, event.error, event.httpStatus && `HTTP ${event.httpStatus}`, event.detail]
      .filter(Boolean).join(', ');
  }
  if (event.type === 'tool_call_started') return `${event.name} (runs on the ${event.runsOn})`;
  if (event.type === 'tool_call_finished') {
    return `${event.name} ${event.ok ? 'ok' : event.errorCode}${event.httpStatus ? ` (HTTP ${event.httpStatus})` : ''} in ${event.durationMs.toFixed(0)} ms`;
  }
  return event.reason ? `${event.reason} (${event.message})`
    : event.from ? `${event.from} → ${event.to} (DeepChat 2.4.2's beta path, sent to GA)`
      : event.count ? `${event.count} calls in one response, all answered`
        : event.message ?? event.endpoint ?? (event.expiresAt ? `expires ${time(event.expiresAt * 1000)}${event.model ? `, ${event.model}` : ''}` : event.error ?? '');
}

/** One line per event of the companion's stream, newest first. */
function showEvent(event) {
  const detail = eventDetail(event);
  const className = /failed|refused/.test(event.type) ? 'error' : LIFECYCLE.has(event.type) ? 'lifecycle' : '';
  prepend('key-events', element('li', className, `${time(event.at)} ${event.type}${detail ? `: ${detail}` : ''}`));
  if (event.type === 'key_handed_out') expiresAt = event.expiresAtMs / 1000;
  // What the key endpoint did shows in its audit log.
  if (/^key_(fetched|response_refused|fetch_failed|received|refused|failed)$/.test(event.type)) refreshAudit();
}

async function refreshAudit() {
  const records = await (await fetch('/api/key-audit')).json();
  $('key-audit').replaceChildren(...records.reverse().map((r) => element('li', r.event === 'issued' ? '' : 'error',
    `${time(Date.parse(r.time))} ${r.event}${r.reason ? ` (${r.reason})` : ''} → HTTP ${r.status}${r.key_id ? `, key ${r.key_id}…` : ''}`)));
}

function tickCountdown(companion) {
  const status = companion.keyStatus();
  const next = status.state === 'ready'
    ? `Next key ${status.keyId} is ready, usable for ${Math.max(0, Math.round(status.ttlMs / 1000))} s more (pre-fetched: the next start waits on no request).`
    : `Next key: ${status.state}${status.lastError ? ` (last error: ${status.lastError})` : ''}.`;
  $('next-key').textContent = next;
  if (expiresAt === null) return;
  const seconds = Math.round(expiresAt - Date.now() / 1000);
  $('countdown').textContent = seconds > 0 ? `Last key handed out expires in ${seconds} s (a new start gets another one).` : 'Last key handed out has expired.';
  $('countdown').classList.toggle('error', seconds <= 0);
}

/** A pending entry per call in flight (with the model's arguments); onToolCall fills it in. */
const pending = [];
function showCallStarted(call) {
  const item = element('li', 'pending');
  item.append(element('div', 'call-head', `${time(Date.now())} ${call.name}: calling the backend…`), element('pre', '', call.arguments));
  prepend('tool-calls', item);
  pending.push({ name: call.name, item });
}

function showCallDone(record) {
  const index = pending.findIndex((p) => p.name === record.name);
  const item = index >= 0 ? pending.splice(index, 1)[0].item : element('li');
  if (index < 0) prepend('tool-calls', item);
  const code = record.result?.error?.code;
  const refused = code === 'invalid_arguments' || code === 'unknown_tool';
  item.className = code ? 'failed' : 'done';
  const verdict = refused ? `refused: ${code}, nothing sent` : code ? `valid, then ${code}` : 'valid';
  const requests = record.requests.map((r) => `${r.method} ${r.url}`).join('\n') + (record.status ? ` → HTTP ${record.status}` : '');
  item.replaceChildren(
    element('div', 'call-head', `${time(Date.now())} ${record.name}: ${verdict} (${record.durationMs.toFixed(0)} ms)`),
    element('div', 'label', 'arguments'), element('pre', '', record.arguments),
    element('div', 'label', 'request'), element('pre', '', requests || 'none'),
    element('div', 'label', 'returned to the model'), element('pre', code ? 'error' : '', json(record.result)),
  );
}

async function main() {
  const config = await (await fetch('/api/config')).json();
  window.demoSdpRequests = [];
  if (config.mode === 'offline') {
    routeRealtimeToStandIn(config.realtimeOrigin);
    $('mode').textContent = 'OFFLINE: local stand-in model, no OpenAI account';
    $('mode').classList.add('offline');
    $('offline-note').hidden = false;
  } else {
    $('mode').textContent = 'online: OpenAI Realtime';
    for (const button of document.querySelectorAll('[data-offline]')) button.remove();
  }

  // The tools compiled by the server (createToolSetHandler): only the browser core is downloaded.
  // Tool endpoints and the key endpoint are on this page's origin.
  // set_theme is marked `execute: true` in the set: it runs here, with this function.
  const execute = {
    set_theme: ({ theme }) => {
      document.body.dataset.theme = theme;
      return { theme };
    },
  };
  let attachment = null;
  // The one stream: the key lifecycle's events from the warm-up on, and the element's (attached below).
  const onEvent = (event) => {
    showEvent(event);
    $('key-state').textContent = attachment?.state ?? 'idle';
    $('key-state').dataset.state = attachment?.state ?? 'idle';
    setAsking(attachment?.state === 'live');
  };
  const companion = await createCompanion({ toolSet: config.toolSet, keyEndpoint: '/ephemeral-key', keys: config.keys, execute, onEvent });
  window.companion = companion; // for the curious, and for the browser tests
  // The call panel shows what the stream leaves out on purpose (it is for logs): the arguments, the
  // requests and what the model got. onToolCall's record has them.
  companion.onToolCall(showCallDone);

  await customElements.whenDefined('deep-chat');
  const chat = $('chat');
  // The page's own DeepChat settings: attach keeps them.
  chat.directConnection = {
    openAI: { realtime: { avatar: { maxScale: 2.2 }, loading: { text: 'Connecting…' }, error: { text: 'Could not start the voice session' } } },
  };
  chat.addEventListener('message', (event) => {
    const { message } = event.detail;
    const item = element('li', 'model', `${time(Date.now())} ${message.role === 'user' ? 'you' : 'model'}: ${message.text}`);
    prepend('tool-calls', item);
  });

  // companion.attach: tools, handler, and companion.fetchEphemeralKey() for every start; with
  // ?offer=server, DeepChat's offer goes to this server's /realtime/call instead (no key in the page).
  const offerToServer = new URLSearchParams(location.search).get('offer') === 'server';
  attachment = companion.attach(chat, {
    ...(offerToServer ? { offerEndpoint: '/realtime/call' } : {}),
    companion: {
      tools: companion.tools,
      // The context carries the session's signal, the call id and what approval needs.
      functionHandler: (call, context) => {
        showCallStarted(call);
        return companion.functionHandler(call, context);
      },
    },
  });
  window.demoAttachment = attachment;

  const say = (text) => {
    prepend('tool-calls', element('li', 'person', `${time(Date.now())} you: ${text}`));
    chat.directConnection.openAI.realtime.methods.sendMessage(text, 'user');
  };
  for (const button of $('asks').querySelectorAll('button')) button.addEventListener('click', () => say(button.dataset.say));
  $('say-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if ($('say').value.trim()) say($('say').value.trim());
    $('say').value = '';
  });
  setAsking(false);
  setInterval(() => tickCountdown(companion), 500);
  refreshAudit();
  $('status').textContent = 'Ready.';
}

function setAsking(live) {
  for (const control of document.querySelectorAll('#asks button, #say-form button, #say')) control.disabled = !live;
}

main().catch((error) => {
  $('status').textContent = `The demo could not start: ${error.message}`;
  $('status').classList.add('error');
});
