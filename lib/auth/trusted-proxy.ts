import net from "node:net";

/**
 * Single sign-on behind a reverse proxy: the proxy authenticates people and passes the email in a
 * header (X-Forwarded-User unless CASEBOOK_SSO_HEADER names another). The header is believed only
 * when the request's peer is one of CASEBOOK_TRUSTED_PROXIES (comma-separated addresses or CIDR
 * ranges); with the variable unset (the default) SSO is off and the header is ignored.
 */
export interface SsoConfig {
  header: string;
  proxies: string[];
}

export function ssoConfigFrom(env: Record<string, string | undefined> = process.env): SsoConfig | null {
  const proxies = (env.CASEBOOK_TRUSTED_PROXIES ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  if (proxies.length === 0) return null;
  return { header: (env.CASEBOOK_SSO_HEADER || "x-forwarded-user").toLowerCase(), proxies };
}

function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  return trimmed.startsWith("::ffff:") && net.isIPv4(trimmed.slice(7)) ? trimmed.slice(7) : trimmed;
}

export function addressMatches(address: string, rule: string): boolean {
  const ip = normalise(address);
  const [range, bitsText] = rule.split("/");
  const base = normalise(range);
  if (bitsText === undefined) return ip === base;
  const family = net.isIPv4(base) ? "ipv4" : net.isIPv6(base) ? "ipv6" : null;
  if (!family || (family === "ipv4" ? !net.isIPv4(ip) : !net.isIPv6(ip))) return false;
  const list = new net.BlockList();
  list.addSubnet(base, Number(bitsText), family);
  return list.check(ip, family);
}

/**
 * The address that connected to the app: the last x-forwarded-for entry. Next.js fills that header
 * with the socket's address when a request arrives without one; a proxy in front appends the address
 * it received from. Deploy with the app reachable only through the proxy (bind to loopback or a
 * private network), so that clients cannot send their own chain directly.
 */
export function peerAddress(headers: Headers): string {
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  return chain.length ? normalise(chain[chain.length - 1]) : "";
}

/** The client's address for audit entries and rate limiting: the first entry of the chain. */
export function clientAddress(headers: Headers): string {
  const first = (headers.get("x-forwarded-for") ?? "").split(",")[0]?.trim() ?? "";
  return normalise(first).slice(0, 100);
}

/** The SSO user's email, when SSO is on and the request came through a trusted proxy. */
export function trustedSsoEmail(headers: Headers, config: SsoConfig | null): string | null {
  if (!config) return null;
  const value = headers.get(config.header)?.trim();
  if (!value) return null;
  const peer = peerAddress(headers);
  if (!peer || !config.proxies.some((rule) => addressMatches(peer, rule))) return null;
  return value.toLowerCase();
}

export function isLoopbackAddress(address: string): boolean {
  const ip = normalise(address);
  return ip === "::1" || (net.isIPv4(ip) && ip.startsWith("127."));
}

/** True when every hop of the request (the x-forwarded-for chain Next.js fills) is this machine. */
export function requestIsFromLoopback(headers: Headers): boolean {
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  return chain.length > 0 && chain.every(isLoopbackAddress);
}
