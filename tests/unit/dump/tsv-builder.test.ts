import { describe, expect, it } from "vitest";
import { escapeBytes } from "@/lib/analyzers/dump/text";
import { TsvBuilder } from "@/lib/analyzers/dump/tsv-builder";

/** The line as the TSV format defines it, built the plain way. */
function expectedLine(address: number, type: string, len: number, alloc: number, region: string, data: Uint8Array, start: number, end: number): string {
  return `0x${address.toString(16)}\t${type}\t${len}\t${alloc}\t${region}\t${escapeBytes(data, start, end)}\n`;
}

describe("TSV lines encoded as bytes", () => {
  it("match the text form for every byte value, UTF-8 (valid and not) and number size", () => {
    let seed = 0x1234567;
    const next = () => {
      seed ^= seed << 13;
      seed >>>= 0;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      seed >>>= 0;
      return seed;
    };
    const numbers = [0, 1, 9, 10, 99, 100, 999, 1000, 65535, 4294967295, 4294967296, 2 ** 47 + 5, 0x7f3a00001234, 2 ** 53 - 1, 1e15, 999999999999999];
    const pieces = ["plain key:1", "tab\there", "new\nline", "back\\slash", "中文键", "é", "\u{1f600}", "quote\"'", ""];
    const builder = new TsvBuilder();
    let expected = "";
    for (let n = 0; n < 3000; n++) {
      const parts: Uint8Array[] = [];
      for (let k = next() % 5; k >= 0; k--) {
        if (next() % 3 === 0) parts.push(Uint8Array.from({ length: 1 + (next() % 6) }, () => next() & 0xff));
        else parts.push(new TextEncoder().encode(pieces[next() % pieces.length]));
      }
      const body = Buffer.concat(parts);
      const data = Buffer.concat([Buffer.from([0xe4, 0xb8]), body, Buffer.from([0xad, 0x00])]); // partial UTF-8 around it
      const start = 2;
      const end = 2 + body.length;
      const address = numbers[next() % numbers.length] + (next() % 64);
      const len = numbers[next() % 8];
      const alloc = numbers[next() % numbers.length];
      const type = ["sdshdr5", "sdshdr8", "embstr"][next() % 3];
      const region = ["anon", "file", "raw"][next() % 3];
      builder.line(address, type, len, alloc, region, data, start, end);
      expected += expectedLine(address, type, len, alloc, region, data, start, end);
    }
    expect(Buffer.from(builder.finish()).toString("utf8")).toBe(expected);
  });

  it("gives a fresh buffer that can be transferred", () => {
    const builder = new TsvBuilder();
    builder.line(0x10, "sdshdr8", 3, 3, "anon", new TextEncoder().encode("abc"), 0, 3);
    const bytes = builder.finish();
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
    expect(new TextDecoder().decode(bytes)).toBe("0x10\tsdshdr8\t3\t3\tanon\tabc\n");
  });
});
