// The app's one tool, shared by the page (validation, routing) and the server (validation again).
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
