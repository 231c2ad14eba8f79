// The page's extra request headers (createCompanion's `headers` option): an
// object, or a function (possibly async) of the request, e.g. for a CSRF token.

/**
 * @param {HeadersInit | ((context: object) => HeadersInit | Promise<HeadersInit>) | undefined} option
 * @param {{ name: string, method: string, url: string }} context
 * @returns {Promise<Record<string, string>>}
 */
export async function extraHeaders(option, context) {
  if (!option) return {};
  const value = typeof option === 'function' ? await option(context) : option;
  return Object.fromEntries(new Headers(value ?? {}).entries());
}
