// Put before every page's code: what the README's page blocks take from their context.
const tools = [{
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}];
const schema = { type: 'integer' };
