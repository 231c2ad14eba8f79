// The README's server tool: an order lookup that runs on the server, over the call's sideband, with
// the database the page never reaches. The page's own tools (routes, page functions) go in the same
// list; OpenAI gets every tool without its page or server parts.
import { createRealtimeCallHandler } from 'realtime-companion/server';
import { db } from './orders.mjs';

/** @param {{ allowedOrigins: string[], authorize: (req: import('node:http').IncomingMessage) => unknown, tools?: object[], baseURL?: string, apiKey?: string }} site */
export async function createShopCallHandler({ tools = [], ...site }) {
  const lookupOrder = {
    type: 'function',
    name: 'lookup_order',
    description: 'Looks up one of the signed-in customer\'s orders.',
    parameters: {
      type: 'object',
      properties: { order_id: { type: 'string', pattern: '^A-[0-9]{1,12}$' } },
      required: ['order_id'],
      additionalProperties: false,
    },
    timeoutMs: 5000,
    // Runs on the server: the arguments are checked against `parameters` first, `clientId` is what
    // `authorize` returned, and `signal` aborts at the deadline or when the call ends.
    async handler({ order_id }, { clientId, signal }) {
      const order = await db.findOrder(order_id, { customer: clientId, signal });
      if (!order) return { error: { code: 'not_found', message: `No order ${order_id} for this customer.` } };
      return { order_id, status: order.status, carrier: order.carrier };
    },
  };

  const realtimeCall = createRealtimeCallHandler({
    ...site,
    instructions: 'You help customers with their orders. Use lookup_order to read one.',
    tools: [...tools, lookupOrder],
  });
  await realtimeCall.ready; // the server's tools compiled (a schema the compiler refuses rejects here)
  return realtimeCall;
}
