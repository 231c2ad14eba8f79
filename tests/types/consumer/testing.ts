// realtime-companion/testing as a typed CI test uses it: inputs the types must accept, and mistakes
// they must catch (each line below a @ts-expect-error must be an error, or the directive is one).
import { startOpenAIStandIn, type OpenAIStandIn, type StandInCall } from 'realtime-companion/testing';
import { createRealtimeCallHandler } from 'realtime-companion/server';

const openai: OpenAIStandIn = await startOpenAIStandIn({ entitledModels: ['gpt-realtime'] });
createRealtimeCallHandler({ allowedOrigins: ['http://127.0.0.1:8080'], baseURL: openai.baseURL, apiKey: openai.masterKey });
const call: StandInCall = await openai.waitForCall({ timeoutMs: 20_000 });
const weather = await call.callTool<{ city: string; celsius: number }>('get_weather', { city: 'Paris' });
const celsius: number = weather.celsius;
const outputs: unknown[] = await call.callTools([{ name: 'get_weather', arguments: '{"city":' }]);
await call.say('Hello');
await call.interrupt({ transcript: 'wait' });
call.sendError('conversation_already_has_active_response', { message: 'busy' });
await call.expire();
const event = await call.waitForEvent('response.create');
const eventType: string = event.type;
openai.failNextOffer(403, { type: 'invalid_request_error', code: 'model_not_found', message: 'no access' });
openai.refuseNextSideband(401);
const statuses: number[] = openai.offers.map((offer) => offer.status);
await openai.close();

// @ts-expect-error a misspelt option: `masterkey` for `masterKey`
await startOpenAIStandIn({ masterkey: 'sk-test' });
// @ts-expect-error baseURL is the stand-in's own: read-only
openai.baseURL = 'https://api.openai.com/v1';
// @ts-expect-error a tool call needs its arguments (a value or JSON text)
await call.callTool('get_weather');
// @ts-expect-error callTools takes { name, arguments }, not `args`
await call.callTools([{ name: 'get_weather', args: {} }]);
// @ts-expect-error the status of a refused offer is a number
openai.failNextOffer('403');

export { celsius, outputs, eventType, statuses };
