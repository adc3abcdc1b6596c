import { IPv4, IPv6, isValid, parse } from 'ipaddr.js';

/** `public`, or the name of the special-purpose range an address falls in (ipaddr.js's names, plus ours). */
export type AddressClass = 'public' | string;

const GLOBAL_UNICAST_V6: [IPv6, number] = [IPv6.parse('2000::'), 3];
const NAT64_WELL_KNOWN: [IPv6, number] = [IPv6.parse('64:ff9b::'), 96];

/**
 * Classifies an IP address for webhook delivery (SSRF guard). ipaddr.js keeps the IANA special-purpose tables
 * (private, loopback, link-local, CGNAT, multicast, unspecified, broadcast, documentation, benchmarking, ULA, ...);
 * an address is public only when it is in none of them. On top of that table:
 * - an IPv6 address that carries an IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, SIIT `::ffff:0:a.b.c.d`, NAT64
 *   `64:ff9b::a.b.c.d`) is judged by the IPv4 address, since that is where the packet ends up;
 * - other IPv6 addresses must be global unicast (2000::/3): ipaddr.js calls everything outside its table
 *   "unicast", including the deprecated IPv4-compatible `::a.b.c.d` and unassigned space.
 */
export function classifyAddress(text: string): AddressClass {
  if (!isValid(text)) return 'invalid';
  const address = parse(text);
  if (address instanceof IPv4) return address.range() === 'unicast' ? 'public' : address.range();
  const v6 = address as IPv6;
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || v6.match(NAT64_WELL_KNOWN)) {
    return classifyAddress(embeddedIPv4(v6).toString());
  }
  if (range !== 'unicast') return range;
  return v6.match(GLOBAL_UNICAST_V6) ? 'public' : 'reserved';
}

export function isPublicAddress(text: string): boolean {
  return classifyAddress(text) === 'public';
}

/** The IPv4 address in the last 32 bits of an IPv6 one. */
function embeddedIPv4(address: IPv6): IPv4 {
  const bytes = address.toByteArray();
  return new IPv4(bytes.slice(12, 16));
}
