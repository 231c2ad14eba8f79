// A stand-in for the shop's order database (the example needs none): what a server tool reads with
// a secret the page must never hold. Orders belong to customers; a lookup names the customer.
const orders = new Map([
  ['A-1001', { customer: 'customer:42', status: 'shipped', carrier: 'DHL' }],
  ['A-1002', { customer: 'customer:7', status: 'packing', carrier: null }],
]);

export const db = {
  /** The order if it is this customer's, else null. Honours `signal` as a real client would. */
  async findOrder(orderId, { customer, signal }) {
    signal?.throwIfAborted();
    const order = orders.get(orderId);
    return order && order.customer === customer ? order : null;
  },
};
