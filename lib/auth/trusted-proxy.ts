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

/** Set by scripts/serve.mjs from the TCP socket (any copy a client sends is dropped there). */
export const PEER_HEADER = "x-casebook-peer";

/**
 * The address that connected to the app, from the socket (x-casebook-peer) — never from
 * X-Forwarded-For, which a client reaching the app directly can write itself. "" when unknown
 * (the app not started through scripts/serve.mjs).
 */
export function peerAddress(headers: Headers): string {
  return normalise(headers.get(PEER_HEADER) ?? "");
}

const forwardedChain = (headers: Headers) => (headers.get("x-forwarded-for") ?? "").split(",").map((item) => item.trim()).filter(Boolean);

/**
 * The client's address for audit entries and rate limiting: the first X-Forwarded-For entry when the
 * request came through a trusted proxy (or the peer is unknown, as in tests that call handlers
 * directly), else the socket's peer — a direct client cannot pick its own address.
 */
export function clientAddress(headers: Headers, config: SsoConfig | null = ssoConfigFrom()): string {
  const peer = peerAddress(headers);
  const first = forwardedChain(headers)[0] ?? "";
  const viaProxy = peer !== "" && (config?.proxies.some((rule) => addressMatches(peer, rule)) ?? false);
  return normalise(peer === "" || viaProxy ? first || peer : peer).slice(0, 100);
}

export type SsoDecision =
  | { kind: "off" }
  | { kind: "no-header" }
  | { kind: "denied"; reason: "no-peer" | "untrusted-peer"; peer: string; email: string }
  | { kind: "accepted"; email: string };

/**
 * Whether to believe the SSO header: only when SSO is on and the socket peer (x-casebook-peer) is
 * one of the trusted proxies. A request carrying the header from anywhere else is "denied" (the
 * caller audits it and ignores the header).
 */
export function ssoDecision(headers: Headers, config: SsoConfig | null): SsoDecision {
  if (!config) return { kind: "off" };
  const email = headers.get(config.header)?.trim().toLowerCase();
  if (!email) return { kind: "no-header" };
  const peer = peerAddress(headers);
  if (!peer) return { kind: "denied", reason: "no-peer", peer, email: email.slice(0, 200) };
  if (!config.proxies.some((rule) => addressMatches(peer, rule))) return { kind: "denied", reason: "untrusted-peer", peer, email: email.slice(0, 200) };
  return { kind: "accepted", email };
}

/** The SSO user's email, when SSO is on and the request came through a trusted proxy. */
export function trustedSsoEmail(headers: Headers, config: SsoConfig | null): string | null {
  const decision = ssoDecision(headers, config);
  return decision.kind === "accepted" ? decision.email : null;
}

export function isLoopbackAddress(address: string): boolean {
  const ip = normalise(address);
  return ip === "::1" || (net.isIPv4(ip) && ip.startsWith("127."));
}

/**
 * True when the request comes from this machine: the socket peer (when known) and every hop of the
 * x-forwarded-for chain (which Next.js fills from the socket when a request arrives without one).
 */
export function requestIsFromLoopback(headers: Headers): boolean {
  const peer = peerAddress(headers);
  if (peer && !isLoopbackAddress(peer)) return false;
  const chain = forwardedChain(headers);
  return chain.length > 0 ? chain.every(isLoopbackAddress) : peer !== "";
}
