// The one check the page's URL options share (baseUrl, keyEndpoint, offerEndpoint,
// realtimeBaseURL): the value, read against the page's address, names an http(s) URL.

/**
 * `value` resolved against `base` when it is an http: or https: URL, else undefined (a value
 * that is no URL at all, or names another scheme such as javascript: or file:).
 * @param {unknown} value
 * @param {string | URL | undefined} base
 * @returns {URL | undefined}
 */
export function httpUrl(value, base) {
  let url;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  return isHttp(url) ? url : undefined;
}

/** Whether the URL's scheme is http: or https:. @param {URL} url */
export const isHttp = (url) => url.protocol === 'http:' || url.protocol === 'https:';
