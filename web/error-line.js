// DeepChat's error line in a <deep-chat> element's shadow root, as attach reads and writes it.
// DeepChat shows only "Error" there; attach puts the reason on it, notices when DeepChat shows it
// (a visible error means the element's realtime service is spent), and carries a visible error
// over the rebuild of that service.
const ERROR_ID = 'deep-chat-openai-realtime-error';
/** What DeepChat (2.4.2 and 2.5) writes on its error line unless the page gives its own text. */
const DEEPCHAT_ERROR_TEXT = 'Error';

/**
 * Puts a reason on DeepChat's error line: the line as its text, the detail as its tooltip. DeepChat
 * centres that element over its buttons, sized for "Error": it gets room to wrap, and lets clicks
 * through, so that a longer line never hides the toggle that starts the next session.
 */
function showExplained(element, { line, detail }) {
  element.textContent = line;
  if (detail) element.setAttribute('title', detail);
  else element.removeAttribute('title');
  Object.assign(element.style, { pointerEvents: 'none', width: 'max-content', maxWidth: '90%', textAlign: 'center' });
}

/**
 * DeepChat shows only "Error": say why instead. The page's own text (`realtime.error.text`) stays,
 * with the reason as its tooltip (and in the events).
 */
function explainShownError(element, explanation) {
  const own = element.textContent;
  showExplained(element, own === DEEPCHAT_ERROR_TEXT || own === ''
    ? explanation : { line: own, detail: [explanation.line, explanation.detail].filter(Boolean).join(' ') });
}

/**
 * @param {HTMLElement} chat the <deep-chat> element
 * @param {{ pageText: () => string | undefined, quiet: () => boolean, onShown: (message: string) => void }} how
 *   `pageText`: the page's own error text; `quiet`: while attach itself rebuilds the view;
 *   `onShown`: DeepChat showed an error (its text, explained when attach knew why)
 */
export function createErrorLine(chat, { pageText, quiet, onShown }) {
  let element = null;
  /** Why the next error DeepChat shows happened, in words for the person (null: DeepChat's text stays). */
  let explanation = null;
  const visible = () => element?.isConnected && element.style.display === 'block';
  const observer = new MutationObserver(() => {
    if (quiet() || !visible()) return;
    if (explanation !== null) {
      explainShownError(element, explanation);
      explanation = null;
      observer.takeRecords();
    }
    onShown(element.textContent);
  });
  const watch = () => {
    observer.disconnect();
    element = chat.shadowRoot?.getElementById(ERROR_ID) ?? null;
    if (element) observer.observe(element, { attributes: true, attributeFilter: ['style'], childList: true, characterData: true, subtree: true });
  };
  return {
    visible,
    /** Follows the element DeepChat shows its error on (it renders a new one with a new view). */
    watch,
    /** Watches again if DeepChat's own re-render moved the element. */
    follow() {
      if (chat.shadowRoot?.getElementById(ERROR_ID) !== element) watch();
    },
    stopWatching: () => observer.disconnect(),
    /** Sets (or, with null, drops) the reason for the next error DeepChat shows. */
    explain(next) {
      explanation = next;
    },
    /** Shows the error line as DeepChat would (for endings DeepChat does not notice). */
    show() {
      if (!element || visible()) return;
      element.style.display = 'block';
      element.textContent = pageText() ?? DEEPCHAT_ERROR_TEXT;
    },
    /** Hides an error carried over from the last session, as the next one starts. */
    hide() {
      if (!element || element.style.display !== 'block') return;
      element.style.display = 'none';
      element.textContent = '';
      element.removeAttribute('title');
      observer.takeRecords(); // our own write, not DeepChat's
    },
    /** The visible error, to carry over a rebuild ({ line, detail }), or null. */
    carried() {
      return visible() ? { line: element.textContent, detail: element.getAttribute('title') } : null;
    },
    /** Shows a carried error on the element of the rebuilt view. */
    restore(carried) {
      if (carried === null || !element) return;
      element.style.display = 'block';
      showExplained(element, carried);
      observer.takeRecords();
    },
  };
}
