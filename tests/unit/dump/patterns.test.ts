import { describe, expect, it } from "vitest";
import { ACCEPT_KEY, KeyInspector } from "@/lib/analyzers/dump/key-inspector";
import { foldKey, keyPattern, patternText } from "@/lib/analyzers/dump/patterns";

describe("key patterns", () => {
  it.each([
    ["user:1000", "user:{n}"],
    ["session:8f14e45f-ceea-467f-a9f0-4d1c3e2b1a00", "session:{uuid}"],
    ["SESSION:8F14E45F-CEEA-467F-A9F0-4D1C3E2B1A00:v2", "SESSION:{uuid}:v{n}"],
    ["cache:3f2a9c8e7d6b5a41", "cache:{hex}"],
    ["cache:deadbeef", "cache:deadbeef"],
    ["cache:deadbee1", "cache:{hex}"],
    ["cache:aaaaaaaaaaaaaaaaaaaa", "cache:aaaaaaaaaaaaaaaaaaaa"],
    ["{user1000}.following", "{user{n}}.following"],
    ["item.42.price.7", "item.{n}.price.{n}"],
    ["abc123def", "{hex}"],
    ["v2x3", "v{n}x{n}"],
    ["12345678-1234-1234-1234-123456789012", "{uuid}"],
    ["12345678-1234-1234-1234-1234567890123", "{n}-{n}-{n}-{n}-{n}"],
    ["用户:1000", "用户:{n}"],
    ["", ""],
  ])("%s → %s", (key, pattern) => {
    expect(keyPattern(key)).toBe(pattern);
  });

  it("gives equal patterns equal hashes and different ones different hashes", () => {
    const hash = (key: string) => foldKey(Buffer.from(key), 0, Buffer.byteLength(key), null);
    expect(hash("user:1")).toBe(hash("user:99999"));
    expect(hash("user:1")).not.toBe(hash("users:1"));
    expect(hash("a:{n}")).not.toBe(hash("a:1")); // a literal "{n}" is not the placeholder
  });
});

/** Deterministic key generator covering every token kind, separators and near-misses. */
function* generatedKeys(count: number): Generator<string> {
  let state = 0x12345678;
  const next = (limit: number) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % limit;
  };
  const pick = (text: string, length: number) => Array.from({ length }, () => text[next(text.length)]).join("");
  const parts = [
    () => pick("abcdefghijklmnopqrstuvwxyz", 1 + next(8)),
    () => pick("0123456789", 1 + next(12)),
    () => pick("0123456789abcdef", 1 + next(20)),
    () => pick("0123456789ABCDEF", 8),
    () => `${pick("0123456789abcdef", 8)}-${pick("0123456789abcdef", 4)}-${pick("0123456789abcdef", 4)}-${pick("0123456789abcdef", 4)}-${pick("0123456789abcdef", 12)}`,
    () => `${pick("0123456789abcdef", 8)}-${pick("0123456789abcdef", 4)}-${pick("0123456789ghij", 4)}`,
    () => pick("abcdef0123", 1 + next(10)),
    () => pick("{}[]", 1),
  ];
  const separators = [":", "-", ".", "_", "/", "{", "}", "|", ""];
  for (let i = 0; i < count; i++) {
    let key = "";
    const tokens = 1 + next(6);
    for (let t = 0; t < tokens; t++) key += parts[next(parts.length)]() + separators[next(separators.length)];
    yield key;
  }
}

describe("the scanner's fast folding", () => {
  it("agrees with the reference foldKey, through the ASCII fast path and through key templates", () => {
    const inspector = new KeyInspector("printable");
    const keys = [...generatedKeys(4000)];
    // Each key twice in a row: the second time its template (built from the first) must answer.
    for (const key of keys.flatMap((k) => [k, k, k.replace(/[0-9]/g, (d) => String((Number(d) + 3) % 10))])) {
      const bytes = Buffer.from(`\u0001${key}\u0000`, "latin1");
      const end = bytes.length - 1;
      const verdict = inspector.inspect(bytes, 1, end);
      if (key.length === 0) continue;
      expect(verdict, key).toBe(ACCEPT_KEY);
      expect(inspector.patternHash, key).toBe(foldKey(bytes, 1, end, null));
      const open = key.indexOf("{");
      const close = open >= 0 ? key.indexOf("}", open + 1) : -1;
      expect([inspector.tagOpen, inspector.tagClose], key).toEqual([open >= 0 ? open + 1 : -1, close >= 0 ? close + 1 : -1]);
    }
    // The repeats (same key, then digits changed) were answered by templates.
    expect(inspector.templateHits).toBeGreaterThan(7000);
    expect(patternText(Buffer.from("user:1:x"), 0, 8)).toBe("user:{n}:x");
  });

  it("keeps its own copy of a template's key when the memory it came from is reused", () => {
    const inspector = new KeyInspector("printable");
    const buffer = Buffer.alloc(16);
    const fold = (key: string) => {
      buffer.write(key, 0, "latin1");
      inspector.inspect(buffer, 0, key.length);
      return inspector.patternHash;
    };
    // The template of "val-845442139" must not turn into one for "k:00087160250" with val-{n}'s hash.
    fold("val-845442139");
    fold("val-270279687");
    expect(fold("k:00087160250")).toBe(foldKey(Buffer.from("k:00087160250"), 0, 13, null));
    expect(fold("k:00023637487")).toBe(foldKey(Buffer.from("k:00023637487"), 0, 13, null));
  });
});
