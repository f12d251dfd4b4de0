import { describe, expect, it } from "vitest";
import { LOGIN_LIMIT, loginBlocked } from "@/lib/auth/rate-limit";
import { addressMatches, clientAddress, requestIsFromLoopback, ssoConfigFrom, trustedSsoEmail } from "@/lib/auth/trusted-proxy";

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

  it("is off unless CASEBOOK_TRUSTED_PROXIES is set", () => {
    expect(ssoConfigFrom({})).toBeNull();
    expect(trustedSsoEmail(request({ "x-forwarded-user": "a@example.com", "x-forwarded-for": "10.0.0.5" }), null)).toBeNull();
  });

  it("believes the header only from a configured proxy address or range", () => {
    expect(trustedSsoEmail(request({ "x-forwarded-user": "A@Example.com", "x-forwarded-for": "203.0.113.9, 10.0.0.5" }), config)).toBe("a@example.com");
    expect(trustedSsoEmail(request({ "x-forwarded-user": "a@example.com", "x-forwarded-for": "192.168.1.77" }), config)).toBe("a@example.com");
    expect(trustedSsoEmail(request({ "x-forwarded-user": "a@example.com", "x-forwarded-for": "::ffff:10.0.0.5" }), config)).toBe("a@example.com");
    expect(trustedSsoEmail(request({ "x-forwarded-user": "a@example.com", "x-forwarded-for": "10.0.0.5, 203.0.113.9" }), config)).toBeNull();
    expect(trustedSsoEmail(request({ "x-forwarded-user": "a@example.com", "x-forwarded-for": "192.168.2.1" }), config)).toBeNull();
    expect(trustedSsoEmail(request({ "x-forwarded-user": "a@example.com" }), config)).toBeNull();
  });

  it("uses the configured header name", () => {
    const custom = ssoConfigFrom({ CASEBOOK_TRUSTED_PROXIES: "10.0.0.5", CASEBOOK_SSO_HEADER: "X-Auth-Email" });
    expect(trustedSsoEmail(request({ "x-auth-email": "b@example.com", "x-forwarded-for": "10.0.0.5" }), custom)).toBe("b@example.com");
    expect(trustedSsoEmail(request({ "x-forwarded-user": "b@example.com", "x-forwarded-for": "10.0.0.5" }), custom)).toBeNull();
  });

  it("matches addresses and CIDR ranges of both families", () => {
    expect(addressMatches("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(addressMatches("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(addressMatches("fd00::1", "fd00::/8")).toBe(true);
    expect(addressMatches("10.1.2.3", "fd00::/8")).toBe(false);
  });

  it("knows the client address and whether the request is local", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9, 10.0.0.5" }))).toBe("203.0.113.9");
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "127.0.0.1" }))).toBe(true);
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe(true);
    expect(requestIsFromLoopback(request({ "x-forwarded-for": "203.0.113.9, 127.0.0.1" }))).toBe(false);
    expect(requestIsFromLoopback(request({}))).toBe(false);
  });
});
