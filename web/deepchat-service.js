// What attach reads off a DeepChat element's realtime service object (`chat._activeService`):
// which Realtime interface its code speaks, and how to end its session.
import { showsBetaOffer } from './deepchat-2.4.2/offer.js';

/**
 * Closes the realtime service's peer connection (if any) and releases the microphone. `stop()` is
 * private in DeepChat's typings; without it (a future version) the old connection is left to DeepChat.
 */
export function stopRealtimeService(chat) {
  const service = chat._activeService;
  if (service && typeof service.isCustomView === 'function' && service.isCustomView() && typeof service.stop === 'function') service.stop();
}

/**
 * Which Realtime interface this DeepChat's service speaks, read off the code that posts its offer:
 * 'ga' (2.5: `realtime/calls`), 'beta' (2.4.2: `realtime` alone), or null where that code does not
 * show it (a transpiled build): the offer's own URL then tells, when it is sent.
 */
export function deepChatApiOf(service) {
  for (let proto = service && Object.getPrototypeOf(service); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const init = Object.getOwnPropertyDescriptor(proto, 'init')?.value;
    if (typeof init !== 'function') continue;
    const source = Function.prototype.toString.call(init);
    if (source.includes('realtime/calls')) return 'ga';
    if (showsBetaOffer(source)) return 'beta';
    return null;
  }
  return null;
}
