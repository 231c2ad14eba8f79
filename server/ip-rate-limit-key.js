import net from 'node:net';

/**
 * The rate-limit key for a client's network address. IPv4 addresses are keyed whole. IPv6 clients
 * are keyed by their /64 prefix: a home line, a phone or a cloud VM is handed a whole /64 and may
 * use any of its 2^64 addresses, so a bucket per address would let one client mint without limit.
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`, how a dual-stack socket reports IPv4 peers) is IPv4. A port
 * (`192.0.2.1:5678`, `[2001:db8::1]:443`) or zone (`fe80::1%eth0`) is dropped. Anything that is not
 * an address (a proxy's `unknown`, garbage in X-Forwarded-For) shares one bucket: `ip:unknown`.
 * @param {unknown} address
 * @returns {string} `ip:192.0.2.1`, `ip:2001:db8:1:2::/64` or `ip:unknown`
 */
export function ipRateLimitKey(address) {
  if (typeof address !== 'string' || address.length > 100) return 'ip:unknown';
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.indexOf(':'));
  a = a.replace(/%.*$/, '');
  if (net.isIPv4(a)) return `ip:${a}`;
  if (!net.isIPv6(a)) return 'ip:unknown';
  const g = ipv6Groups(a);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `ip:${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  return `ip:${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address) {
  const toGroups = (text) => {
    if (!text) return [];
    const parts = text.split(':');
    const last = parts.at(-1);
    if (last.includes('.')) {
      const [a, b, c, d] = last.split('.').map(Number);
      parts.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return parts.map((p) => parseInt(p, 16));
  };
  const cut = address.indexOf('::');
  if (cut < 0) return toGroups(address);
  const head = toGroups(address.slice(0, cut));
  const tail = toGroups(address.slice(cut + 2));
  return [...head, ...Array(8 - head.length - tail.length).fill(0), ...tail];
}
