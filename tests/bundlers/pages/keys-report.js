// Put after a key page's code: what the companion was before its first key, the key, and a tool call.
const before = companion.keyStatus().state;
const key = await companion.fetchEphemeralKey();
window.result = {
  before,
  key: key.slice(0, 7),
  handedOut: companion.keyStatus().keysHandedOut,
  call: await companion.functionHandler({ name: 'get_weather', arguments: '{"city":"Paris"}' }),
};
