// The quick start's one tool, with its route: the page routes calls with it, the server checks them
// with it and tells the model about it (route removed).
export const tools = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', minLength: 1, maxLength: 80 } },
      required: ['city'],
      additionalProperties: false,
    },
    route: { method: 'GET', path: '/api/get_weather', timeoutMs: 8000 },
  },
];
