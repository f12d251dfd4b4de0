import { describe, expect, it } from "vitest";
import { checkAttachmentContent } from "@/lib/incidents/attachments";
import { createNonce, isHttps, pageContentSecurityPolicy, pageSecurityHeaders } from "@/lib/security/csp";
import { API_CONTENT_SECURITY_POLICY, staticSecurityHeaderRules } from "@/lib/security/static-headers.mjs";

describe("page Content-Security-Policy", () => {
  it("allows scripts only by nonce (and what they load), never eval in production", () => {
    const csp = pageContentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(directive);
  });

  it("adds 'unsafe-eval' only for the development server", () => {
    expect(pageContentSecurityPolicy("n", { development: true })).toContain("'unsafe-eval'");
  });

  it("keeps inline styles, which mermaid's SVG <style> needs, and no style nonce (a nonce would disable them)", () => {
    const csp = pageContentSecurityPolicy("n");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/style-src[^;]*nonce/);
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("sends HSTS only over HTTPS (directly or per X-Forwarded-Proto)", () => {
    expect(isHttps(new URL("http://localhost/"), new Headers())).toBe(false);
    expect(isHttps(new URL("http://localhost/"), new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttps(new URL("https://casebook.example.com/"), new Headers())).toBe(true);
    expect(pageSecurityHeaders("n", false)["Strict-Transport-Security"]).toBeUndefined();
    expect(pageSecurityHeaders("n", true)["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(pageSecurityHeaders("n", false)).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY" });
  });

  it("gives API responses a sandboxed, load-nothing policy", () => {
    expect(API_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(API_CONTENT_SECURITY_POLICY).toContain("sandbox");
    const api = staticSecurityHeaderRules().find((rule) => rule.source === "/api/:path*");
    expect(api?.headers).toEqual([{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }]);
  });
});

describe("attachment content checks", () => {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  it("accepts a real image header", () => {
    expect(() => checkAttachmentContent("image/png", png)).not.toThrow();
  });
  it.each([
    ["image/png", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ["image/jpeg", Buffer.from("<html><script>alert(1)</script>")],
    ["image/gif", Buffer.from("GIF89a<script>alert(1)</script>")],
    ["image/png", Buffer.concat([png, Buffer.from("tEXt<svg onload=alert(1)>")])],
    ["image/webp", Buffer.from("RIFF\u0000\u0000\u0000\u0000WEBPVP8 <!DOCTYPE html>")],
  ])("rejects markup posing as %s", (type, bytes) => {
    expect(() => checkAttachmentContent(type, bytes)).toThrow(/not image|markup/);
  });
  it("lets text files hold markup (they are only ever downloaded)", () => {
    expect(() => checkAttachmentContent("text/plain", Buffer.from("<script>alert(1)</script>"))).not.toThrow();
  });
});
