/**
 * Which addresses a researcher's URL may reach. A URL in a shared CSV is untrusted: without
 * these checks `http://127.0.0.1:6379/`, `http://localhost/`, `http://2130706433/` (127.0.0.1
 * spelt as one number) or `http://169.254.169.254/` (a cloud's metadata service) would make
 * minerpivot fetch from the user's own machine or network and store the answer. The check is
 * made on the address a connection is about to use (after DNS, on every redirect), so a
 * hostname resolving to a private address, or re-resolving to one, is refused too.
 */
import { isIP } from 'node:net';

/** IPv4 blocks that are not the public internet (RFC 6890 and friends). */
const V4_BLOCKS: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata services live there)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function v4Reason(ip: string): string | null {
  const n = v4ToInt(ip);
  for (const [base, bits, reason] of V4_BLOCKS) {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    if (n >= start && n < start + size) return reason;
  }
  return null;
}

/** The 8 groups of an IPv6 address (`::` expanded, an embedded IPv4 tail converted). */
function v6Groups(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = v4ToInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const a = head ? head.split(':').filter(Boolean) : [];
  const b = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - a.length - b.length).fill('0');
  return [...a, ...fill, ...b].map((g) => parseInt(g, 16));
}

function v6Reason(ip: string): string | null {
  const g = v6Groups(ip);
  if (g.length !== 8 || g.some((x) => Number.isNaN(x))) return 'an unparseable IPv6 address';
  if (g.every((x) => x === 0)) return 'the unspecified address';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'a loopback address';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): judged as the IPv4 address inside.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    const v4 = `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
    return v4Reason(v4);
  }
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'a unique-local (private) address';
  if ((first & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((first & 0xff00) === 0xff00) return 'a multicast address';
  if (first === 0x2001 && g[1] === 0x0db8) return 'a documentation address';
  if (first === 0x64 && g[1] === 0xff9b) return v4Reason(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`); // NAT64
  return null;
}

/** Why `address` (an IP literal) is not a public internet address, or null when it is. */
export function privateAddressReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return v4Reason(address);
  if (family === 6) return v6Reason(address);
  return 'not an IP address';
}

/** A URL without its user name and password, for messages, rows and cache keys. */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return String(url).replace(/\/\/[^/@\s]*@/, '//');
  }
  if (!u.username && !u.password) return u.href;
  u.username = '';
  u.password = '';
  return u.href;
}
