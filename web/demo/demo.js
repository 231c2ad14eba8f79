// The demo page: one companion over the demo backend's sample tools, and a
// form that hands it exactly what DeepChat's function_handler receives.
import { createCompanion } from '../index.js';

const $ = (id) => document.getElementById(id);
const show = (id, value) => ($(id).textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2));

const presets = [
  ['valid call', 'get_weather', '{"city":"Paris","unit":"celsius"}'],
  ['POST with a path', 'book_table', '{"restaurant":"Chez Nous","people":2,"time":"19:30"}'],
  ['backend refuses', 'book_table', '{"restaurant":"Chez Nous","people":2,"time":"soon"}'],
  ['schema violation', 'get_weather', '{"city":42,"unit":"kelvin"}'],
  ['not JSON', 'get_weather', '{"city":'],
  ['unknown tool', 'delete_everything', '{}'],
  ['path escape attempt', 'book_table', '{"restaurant":"..","people":1,"time":"12:00"}'],
  ['query injection attempt', 'get_weather', '{"city":"Paris&unit=kelvin#x"}'],
];

async function main() {
  const tools = await (await fetch('/api/tools')).json();
  const companion = await createCompanion({ tools }); // baseUrl: the page's origin
  window.companion = companion; // for the curious, and for the browser test
  show('tools', companion.tools);

  companion.onToolCall((record) => {
    show('request', record.requests.length
      ? record.requests.map((r) => `${r.method} ${r.url}`).join('\n') + (record.status ? `\n→ HTTP ${record.status}` : '')
      : 'none: the companion refused the call before any request');
    show('result', record.result);
    $('result').classList.toggle('error', 'error' in record.result);
    show('status', `Done in ${record.durationMs.toFixed(1)} ms.`);
  });

  for (const [label, name, args] of presets) {
    const button = document.createElement('button');
    button.textContent = label;
    button.addEventListener('click', () => {
      $('tool-name').value = name;
      $('tool-arguments').value = args;
    });
    $('presets').append(button);
  }

  $('call').addEventListener('click', async () => {
    show('status', 'Calling…');
    await companion.functionHandler({ name: $('tool-name').value, arguments: $('tool-arguments').value });
  });
  $('call').disabled = false;
  show('status', 'Ready.');
}

main().catch((error) => {
  show('status', `The demo could not start: ${error.message}`);
  $('status').classList.add('error');
});
