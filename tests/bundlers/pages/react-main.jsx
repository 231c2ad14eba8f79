// The README's VoiceChat (voice-chat.jsx) in React's StrictMode, which mounts, unmounts and mounts
// again; window.rerender() and window.unmount() let the test drive it. #prop shows the mistake the
// README warns about instead.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { VoiceChat } from './voice-chat.jsx';
import { WithDirectConnectionProp } from './with-prop.jsx';

function App() {
  const [renders, setRenders] = useState(0);
  const [shown, setShown] = useState(true);
  window.rerender = () => setRenders((n) => n + 1);
  window.unmount = () => setShown(false);
  const Chat = location.hash === '#prop' ? WithDirectConnectionProp : VoiceChat;
  return <div data-renders={renders}>{shown ? <Chat /> : null}</div>;
}

createRoot(document.getElementById('root')).render(<StrictMode><App /></StrictMode>);
