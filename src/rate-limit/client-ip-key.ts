import { isIPv6 } from 'node:net';

/**
 * The key a per-IP budget counts under. An IPv4 address is its own key. An IPv6 client is keyed by
 * its /64: one subscriber or host usually holds a whole /64 and can pick any address in it, so a
 * per-address budget would be endless. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as a
 * dual-stack socket reports IPv4 clients) is the IPv4 address. Anything else (e.g. `unknown`) is
 * kept as it is.
 */
export function clientIpKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const groups = expandIPv6(ip);
  if (groups === null) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, embedded IPv4 read). */
function expandIPv6(address: string): number[] | null {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === null ? missing !== 0 : missing < 1) return null;
  const parts = [...left, ...Array<string>(tail === null ? 0 : missing).fill('0'), ...right];
  const groups = parts.map((p) => Number.parseInt(p, 16));
  return groups.some((g) => Number.isNaN(g)) ? null : groups;
}
