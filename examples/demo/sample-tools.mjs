// The demo's sample tools: their definitions and the backend endpoints that
// answer the routed ones, deterministic and offline. set_theme runs in the page
// (`execute: true`: demo.js gives the function); cancel_booking asks the person
// first (`needsApproval`: the element shows Allow / Decline).

export const sampleTools = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name, e.g. Paris' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city'],
      additionalProperties: false,
    },
    route: { method: 'GET', path: '/api/get_weather', timeoutMs: 8000 },
  },
  {
    type: 'function',
    name: 'book_table',
    description: 'Book a restaurant table.',
    parameters: {
      type: 'object',
      properties: {
        restaurant: { type: 'string' },
        people: { type: 'integer' },
        time: { type: 'string', description: 'HH:MM, 24-hour clock' },
      },
      required: ['restaurant', 'people', 'time'],
      additionalProperties: false,
    },
    route: { method: 'POST', path: '/api/restaurants/{restaurant}/bookings' },
  },
  {
    type: 'function',
    name: 'set_theme',
    description: "Switch this page's theme between light and dark.",
    parameters: {
      type: 'object',
      properties: { theme: { type: 'string', enum: ['light', 'dark'] } },
      required: ['theme'],
      additionalProperties: false,
    },
    execute: true,
  },
  {
    type: 'function',
    name: 'cancel_booking',
    description: 'Cancel a restaurant booking. The person is asked to confirm first.',
    parameters: {
      type: 'object',
      properties: { restaurant: { type: 'string' }, time: { type: 'string', description: 'HH:MM, 24-hour clock' } },
      required: ['restaurant', 'time'],
      additionalProperties: false,
    },
    // A person reads the question: a minute, not the 10 s a backend gets.
    route: { method: 'POST', path: '/api/restaurants/{restaurant}/cancellations', timeoutMs: 60000 },
    needsApproval: true,
  },
];

// A stable pseudo-temperature per city, so the demo needs no weather service.
function temperatureOf(city) {
  let hash = 0;
  for (const ch of city.toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return 5 + (hash % 25);
}

function readJson(req) {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (text += chunk.length + text.length > 65536 ? '' : chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(null);
      }
    });
  });
}

function reply(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/** Answers /api/* tool endpoints; returns false for other paths. */
export async function answerSampleTool(req, res, url) {
  if (req.method === 'GET' && url.pathname === '/api/get_weather') {
    const city = url.searchParams.get('city') ?? '';
    const celsius = temperatureOf(city);
    const fahrenheit = url.searchParams.get('unit') === 'fahrenheit';
    reply(res, 200, 'application/json', JSON.stringify({
      city,
      temperature: fahrenheit ? Math.round(celsius * 1.8 + 32) : celsius,
      unit: fahrenheit ? 'fahrenheit' : 'celsius',
      conditions: ['sunny', 'cloudy', 'rainy', 'windy'][celsius % 4],
    }));
    return true;
  }
  const booking = url.pathname.match(/^\/api\/restaurants\/([^/]+)\/bookings$/);
  if (req.method === 'POST' && booking) {
    const body = await readJson(req);
    if (!body || !/^\d{2}:\d{2}$/.test(body.time ?? '')) {
      reply(res, 422, 'text/plain; charset=utf-8', 'time must look like HH:MM');
      return true;
    }
    const restaurant = decodeURIComponent(booking[1]);
    reply(res, 200, 'text/plain; charset=utf-8', `Booked ${restaurant} for ${body.people} at ${body.time}.`);
    return true;
  }
  const cancellation = url.pathname.match(/^\/api\/restaurants\/([^/]+)\/cancellations$/);
  if (req.method === 'POST' && cancellation) {
    const body = await readJson(req);
    reply(res, 200, 'application/json', JSON.stringify({ cancelled: true, restaurant: decodeURIComponent(cancellation[1]), time: body?.time ?? null }));
    return true;
  }
  return false;
}
