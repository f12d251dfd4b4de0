import { describe, expect, it } from "vitest";
import { analyzeDumpBuffer } from "@/lib/analyzers/dump";
import { decodeHexdump, parseHexdumpLine } from "@/lib/analyzers/dump/hexdump";
import { UnprocessableError } from "@/lib/errors";
import { analyzeWithStrings } from "@/tests/fixtures/dump/collect";
import { embstrBytes, MemoryImage, sdsBytes } from "@/tests/fixtures/dump/sds";

/** `hexdump -C` of bytes, squeezing repeated lines into "*" as the real tool does. */
function hexdumpC(bytes: Buffer, start = 0): string {
  const lines: string[] = [];
  let previous = "";
  let squeezed = false;
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0"));
    const body = `${hex.slice(0, 8).join(" ")}  ${hex.slice(8).join(" ")}`;
    if (body === previous && at + 16 < bytes.length) {
      if (!squeezed) lines.push("*");
      squeezed = true;
      continue;
    }
    squeezed = false;
    previous = body;
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${(start + at).toString(16).padStart(8, "0")}  ${body.padEnd(49)}  |${ascii}|`);
  }
  lines.push((start + bytes.length).toString(16).padStart(8, "0"));
  return `${lines.join("\n")}\n`;
}

/** `xxd` (default: groups of two bytes, memory order). */
function xxd(bytes: Buffer): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const groups: string[] = [];
    for (let g = 0; g < row.length; g += 2) groups.push(row.subarray(g, g + 2).toString("hex"));
    lines.push(`${at.toString(16).padStart(8, "0")}: ${groups.join(" ").padEnd(39)}  ${[...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** gdb `x/Nxb ADDR`: eight bytes per line, 0x-prefixed, tab-separated, with a symbol now and then. */
function gdbBytes(bytes: Buffer, address: number): string {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 8) {
    const symbol = at === 0 ? " <buf>" : at % 64 === 0 ? ` <buf+${at}>` : "";
    const values = [...bytes.subarray(at, at + 8)].map((b) => `0x${b.toString(16).padStart(2, "0")}`);
    lines.push(`0x${(address + at).toString(16)}${symbol}:\t${values.join("\t")}`);
  }
  return `${lines.join("\n")}\n`;
}

function memoryWithStrings(address: number): MemoryImage {
  const memory = new MemoryImage(address, 512);
  memory.put(0, sdsBytes(1, "user:1000:profile"));
  memory.put(64, embstrBytes(address + 64, "val-42"));
  memory.put(128, sdsBytes(0, "hello"));
  return memory;
}

describe("hexdump input", () => {
  it("decodes hexdump -C, including squeezed '*' lines and the final offset", async () => {
    const memory = memoryWithStrings(0x7f0000001000);
    const text = hexdumpC(memory.bytes);
    expect(text).toContain("\n*\n");
    const decoded = decodeHexdump(text, 0x7f0000001000);
    expect(decoded.data.equals(memory.bytes)).toBe(true);
    const { report, lines } = await analyzeWithStrings(Buffer.from(text), { baseAddress: 0x7f0000001000 });
    expect(report.input.format).toBe("hexdump");
    expect(lines.map((l) => [l.address - 0x7f0000001000, l.type, l.text])).toEqual([
      [0, "sdshdr8", "user:1000:profile"],
      [64, "embstr", "val-42"],
      [128, "sdshdr5", "hello"],
    ]);
  });

  it("decodes xxd and gdb x/Nxb output with absolute addresses", async () => {
    const memory = memoryWithStrings(0x555555559000);
    const fromXxd = decodeHexdump(xxd(memory.bytes), memory.address);
    expect(fromXxd.data.equals(memory.bytes)).toBe(true);
    const { lines, report } = await analyzeWithStrings(Buffer.from(gdbBytes(memory.bytes, memory.address)));
    expect(report.input.hexdump?.addressing).toBe("absolute");
    expect(lines.map((l) => l.address - memory.address)).toEqual([0, 64, 128]);
  });

  it("reads gdb giant words and plain hexdump's 16-bit words in memory order", () => {
    expect(parseHexdumpLine("0x555555559000:\t0x0000000001545454\t0x6f6c6c6568")).toBeNull(); // mixed widths
    expect(parseHexdumpLine("0x555555559000:\t0x0000000001545454\t0x0000006f6c6c6568")).toEqual({
      kind: "data",
      address: 0x555555559000,
      bytes: [0x54, 0x54, 0x54, 0x01, 0, 0, 0, 0, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0, 0, 0],
      absolute: true,
    });
    expect(parseHexdumpLine("0000000 5454 7501 6573")).toEqual({ kind: "data", address: 0, bytes: [0x54, 0x54, 0x01, 0x75, 0x73, 0x65], absolute: false });
    expect(parseHexdumpLine("00000010  75 73 65 72  |user|")?.kind).toBe("data");
    expect(parseHexdumpLine("000010 75 73 65 72  >user<")?.kind).toBe("data");
  });

  it("reports unreadable lines by number and decodes the rest", async () => {
    const memory = memoryWithStrings(0);
    const lines = hexdumpC(memory.bytes).split("\n");
    lines.splice(2, 0, "(gdb) x/512xb 0x7f0000001000");
    lines.splice(5, 0, "garbage line here");
    lines.unshift("Redis core, taken 2024-05-01");
    const report = await analyzeDumpBuffer(Buffer.from(lines.join("\n")));
    expect(report.input.hexdump).toMatchObject({ badLines: 3, badLineNumbers: [1, 4, 7] });
    expect(report.input.warnings[0]).toBe("3 line(s) are not hexdump lines and were skipped: line 1, 4, 7");
    expect(report.strings.total).toBe(3);
  });

  it("fails on a hexdump without a single readable line, and on text that is not a hexdump", async () => {
    await expect(analyzeDumpBuffer(Buffer.from("not\na\nhexdump\n"), { format: "hexdump" })).rejects.toThrow(UnprocessableError);
    await expect(analyzeDumpBuffer(Buffer.from("not\na\nhexdump\n"), { format: "hexdump" })).rejects.toThrow(/no line of the input reads as a hexdump/);
    await expect(analyzeDumpBuffer(Buffer.from("Dear reader,\nthis is a letter.\n"))).rejects.toThrow(/text but no line reads as a hexdump/);
  });

  it("starts a new region where addresses jump", () => {
    const text = "0x1000:\t0x01\t0x02\n0x1002:\t0x03\n0x2000:\t0x04\n";
    const decoded = decodeHexdump(text);
    expect(decoded.regions.map((r) => [r.address, r.size])).toEqual([
      [0x1000, 3],
      [0x2000, 1],
    ]);
  });
});
