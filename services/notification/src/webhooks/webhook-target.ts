import { BlockList, isIP } from 'node:net';

/** Where group-robot posts may go: configured robot hosts over https; loopback only when a test allows it. */
export interface WebhookPolicy {
  readonly allowedHosts: readonly string[];
  /** Tests with a local receiver: loopback addresses over http too. Refused in production by the config. */
  readonly allowLoopback: boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses a post must never reach: private, loopback, link-local, shared, reserved, multicast. */
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  notPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  notPublic.addSubnet(network, prefix, 'ipv6');

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

export function isLoopbackAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = familyOf(plain);
  return family !== null && loopback.check(plain, family);
}

export function isPublicAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = familyOf(plain);
  return family !== null && !notPublic.check(plain, family);
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/**
 * Whether a URL may be stored as a group robot: https to an allowed robot host, no credentials in
 * it; with loopback allowed (tests), also http(s) to a loopback address. Returns why not, or null.
 */
export function webhookUrlProblem(raw: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be a URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  const host = bare(url.hostname);
  const loopbackTarget = policy.allowLoopback && (host === 'localhost' || isLoopbackAddress(host));
  if (loopbackTarget) return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'must be an https URL';
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (!policy.allowedHosts.includes(host))
    return `host '${host}' is not an allowed robot host (${policy.allowedHosts.join(', ') || 'none configured'})`;
  return null;
}

/**
 * Checks the addresses a robot host resolved to, at connection time (so a changed DNS answer cannot
 * slip a private address in after the URL was checked). Every address must be public, or, with
 * loopback allowed, loopback. Returns why not, or null.
 */
export function resolvedAddressProblem(host: string, addresses: readonly string[], policy: WebhookPolicy): string | null {
  if (addresses.length === 0) return `host '${host}' resolved to no address`;
  for (const address of addresses) {
    if (isPublicAddress(address)) continue;
    if (policy.allowLoopback && isLoopbackAddress(address)) continue;
    return `host '${host}' resolved to ${address}, a private or reserved address`;
  }
  return null;
}
