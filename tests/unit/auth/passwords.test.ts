import { describe, expect, it } from "vitest";
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/passwords";

describe("password hashing (scrypt)", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash, so equal passwords give different hashes", async () => {
    const [a, b] = await Promise.all([hashPassword("same password 1"), hashPassword("same password 1")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password 1", b)).toBe(true);
  });

  it("reads the parameters stored with the hash (raising them later keeps old hashes valid)", async () => {
    const hash = await hashPassword("parameters travel");
    const [, , r, p, salt, key] = hash.split("$");
    const { scryptSync } = await import("node:crypto");
    const cheaper = ["scrypt", 1024, r, p, salt, scryptSync("parameters travel", Buffer.from(salt, "base64"), 32, { N: 1024, r: 8, p: 1 }).toString("base64")].join("$");
    expect(await verifyPassword("parameters travel", cheaper)).toBe(true);
    expect(key).not.toBe(cheaper.split("$")[5]);
  });

  it("never matches a malformed stored hash", async () => {
    for (const stored of ["", "plain", "scrypt$x$8$1$aa$bb", "bcrypt$16384$8$1$aa$bb", "scrypt$16384$8$1$c2FsdA==$c2hvcnQ="]) {
      expect(await verifyPassword("anything at all", stored)).toBe(false);
    }
  });

  it("has a dummy hash for unknown accounts that no password matches", async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("", dummy)).toBe(false);
    expect(await dummyPasswordHash()).toBe(dummy);
  });

  it("asks for at least 10 characters", () => {
    expect(passwordProblem("short")).toMatch(/at least 10/);
    expect(passwordProblem("long enough!")).toBeNull();
  });
});
