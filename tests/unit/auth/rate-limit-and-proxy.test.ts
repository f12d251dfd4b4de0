import { describe, expect, it } from "vitest";
import { LOGIN_LIMIT, loginBlocked } from "@/lib/auth/rate-limit";
import { addressMatches, clientAddress, requestIsFromLoopback, ssoConfigFrom, ssoDecision, trustedSsoEmail } from "@/lib/auth/trusted-proxy";
import { setPeerHeader } from "../../../scripts/peer-header.mjs";

describe("login rate limit decision", () => {
  it("blocks at 10 failures per address or per account within the window", () => {
    expect(LOGIN_LIMIT).toEqual({ maxFailures: 10, windowMs: 15 * 60 * 1000 });
    expect(loginBlocked({ byIp: 9, byAccount: 9 })).toBe(false);
    expect(loginBlocked({ byIp: 10, byAccount: 0 })).toBe(true);
    expect(loginBlocked({ byIp: 0, byAccount: 10 })).toBe(true);
  });
});

describe("trusted SSO header", () => {
  const config = ssoConfigFrom({ CASEBOOK_TRUSTED_PROXIES: "10.0.0.5, 192.168.1.0/24, ::1" });
  const request = (entries: Record<string, string>) => new Headers(entries);

  const user = { "x-forwarded-user": "A@Example.com" };

  it("is off unless CASEBOOK_TRUSTED_PROXIES is set", () => {
    expect(ssoConfigFrom({})).toBeNull();
    expect(ssoDecision(request({ ...user, "x-casebook-peer": "10.0.0.5" }), null)).toEqual({ kind: "off" });
    expect(ssoDecision(request({}), config)).toEqual({ kind: "no-header" });
  });

  it("believes the header only when the socket peer (x-casebook-peer) is a configured proxy address or range", () => {
    expect(ssoDecision(request({ ...user, "x-casebook-peer": "10.0.0.5", "x-forwarded-for": "203.0.113.9" }), config)).toEqual({ kind: "accepted", email: "a@example.com" });
    expect(trustedSsoEmail(request({ ...user, "x-casebook-peer": "192.168.1.77" }), config)).toBe("a@example.com");
    expect(trustedSsoEmail(request({ ...user, "x-casebook-peer": "::ffff:10.0.0.5" }), config)).toBe("a@example.com");
    expect(ssoDecision(request({ ...user, "x-casebook-peer": "192.168.2.1" }), config)).toEqual({ kind: "denied", reason: "untrusted-peer", peer: "192.168.2.1", email: "a@example.com" });
  });

  it("ignores X-Forwarded-For: a direct client forging the proxy's address is denied", () => {
    // Before the fix the last X-Forwarded-For entry was taken as the peer: this was accepted.
    expect(ssoDecision(request({ ...user, "x-forwarded-for": "10.0.0.5" }), config)).toEqual({ kind: "denied", reason: "no-peer", peer: "", email: "a@example.com" });
    expect(ssoDecision(request({ ...user, "x-forwarded-for": "203.0.113.9, 10.0.0.5", "x-casebook-peer": "203.0.113.9" }), config)).toMatchObject({ kind: "denied", reason: "untrusted-peer" });
  });

  it("uses the configured header name", () => {
    const custom = ssoConfigFrom({ CASEBOOK_TRUSTED_PROXIES: "10.0.0.5", CASEBOOK_SSO_HEADER: "X-Auth-Email" });
    expect(trustedSsoEmail(request({ "x-auth-email": "b@example.com", "x-casebook-peer": "10.0.0.5" }), custom)).toBe("b@example.com");
    expect(trustedSsoEmail(request({ "x-forwarded-user": "b@example.com", "x-casebook-peer": "10.0.0.5" }), custom)).toBeNull();
  });

  it("matches addresses and CIDR ranges of both families", () => {
    expect(addressMatches("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(addressMatches("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(addressMatches("fd00::1", "fd00::/8")).toBe(true);
    expect(addressMatches("10.1.2.3", "fd00::/8")).toBe(false);
  });

  it("knows the client address and whether the request is local", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9, 10.0.0.5" }), config)).toBe("203.0.113.9");
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9", "x-casebook-peer": "10.0.0.5" }), config)).toBe("203.0.113.9");
    // A direct client cannot choose the address its failures are counted under.
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9", "x-casebook-peer": "198.51.100.4" }), config)).toBe("198.51.100.4");
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9", "x-casebook-peer": "198.51.100.4" }), null)).toBe("198.51.100.4");
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "127.0.0.1", "x-casebook-peer": "203.0.113.9" }))).toBe(false);
    expect(requestIsFromLoopback(request({ "x-casebook-peer": "127.0.0.1" }))).toBe(true);
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "127.0.0.1" }))).toBe(true);
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe(true);
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "203.0.113.9, 127.0.0.1" }))).toBe(false);
    expect(requestIsFromLoopback(request({}))).toBe(false);
  });
});

describe("the server's peer header (scripts/serve.mjs)", () => {
  const incoming = (rawHeaders: string[], remoteAddress?: string) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
    return { headers, rawHeaders: [...rawHeaders], socket: { remoteAddress } } as unknown as Parameters<typeof setPeerHeader>[0];
  };

  it("replaces a client's own x-casebook-peer with the socket address", () => {
    const req = incoming(["X-Casebook-Peer", "10.0.0.5", "X-Forwarded-For", "10.0.0.5", "X-Forwarded-User", "admin@example.com"], "203.0.113.9");
    setPeerHeader(req);
    expect(req.headers["x-casebook-peer"]).toBe("203.0.113.9");
    expect(req.rawHeaders.filter((name, index) => index % 2 === 0 && name.toLowerCase() === "x-casebook-peer")).toHaveLength(1);
    const config = ssoConfigFrom({ CASEBOOK_TRUSTED_PROXIES: "10.0.0.5" });
    expect(ssoDecision(new Headers(req.headers as Record<string, string>), config)).toMatchObject({ kind: "denied", reason: "untrusted-peer", peer: "203.0.113.9" });
  });

  it("leaves no peer header when the socket address is unknown", () => {
    const req = incoming(["x-casebook-peer", "10.0.0.5"]);
    setPeerHeader(req);
    expect(req.headers["x-casebook-peer"]).toBeUndefined();
    expect(req.rawHeaders).toEqual([]);
  });
});
