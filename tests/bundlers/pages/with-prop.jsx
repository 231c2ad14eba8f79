// The README's VoiceChat with the one change it warns against: a directConnection prop.
import { useEffect, useRef } from 'react';
import { DeepChat } from 'deep-chat-react';
import { createCompanion } from 'realtime-companion';
import { tools } from './tools.js';

const companionReady = createCompanion({ tools, keyEndpoint: '/ephemeral-key' });

export function WithDirectConnectionProp() {
  const chatRef = useRef(null);
  useEffect(() => {
    let attachment;
    let unmounted = false;
    companionReady.then((companion) => {
      if (!unmounted) attachment = companion.attach(chatRef.current);
    });
    return () => {
      unmounted = true;
      attachment?.detach();
    };
  }, []);
  return <DeepChat ref={chatRef} directConnection={{ openAI: { realtime: { autoStart: false } } }} />;
}
