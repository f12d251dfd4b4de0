/**
 * Text hexdumps back to bytes: `hexdump -C`, `xxd` (any -g grouping), `od -A x -t x1`, plain `hexdump`
 * (16-bit little-endian words) and gdb `x/Nx[bhwg]` output. Streaming: text arrives in pieces, bytes
 * accumulate per contiguous address range. Lines that are none of these are counted and reported by
 * number; an input without a single readable line is an error.
 */
import { PayloadTooLargeError, UnprocessableError } from "../../errors";
import type { MemoryRegion } from "./input";

/** Decoded bytes a hexdump may expand to (a `*` line can stand for gigabytes of zeros). */
export const MAX_HEXDUMP_BYTES = 256 << 20;
const MAX_LISTED_BAD_LINES = 100;

export interface HexdumpStats {
  lines: number;
  dataLines: number;
  badLines: number;
  /** Line numbers (1-based) of the first unreadable lines. */
  badLineNumbers: number[];
  /** Whether the addresses were absolute (gdb) or offsets (hexdump -C, xxd, od) shifted by --base. */
  addressing: "absolute" | "offset" | "mixed";
}

export interface DecodedHexdump {
  data: Buffer;
  regions: MemoryRegion[];
  stats: HexdumpStats;
  warnings: string[];
}

type ParsedLine =
  | { kind: "data"; address: number; bytes: number[]; absolute: boolean }
  | { kind: "repeat" }
  | { kind: "end"; address: number }
  | { kind: "blank" };

const GDB_LINE = /^\s*(0x[0-9a-f]+)(?:\s*<[^>]*>)?:\s*(.*)$/i;
const OFFSET_LINE = /^\s*([0-9a-f]{6,16})(:?)(?:\s+(.*))?$/i;
const HEX_TOKEN = /^[0-9a-f]+$/i;

/** One line of a hexdump, or null when it is none of the supported shapes. */
export function parseHexdumpLine(line: string): ParsedLine | null {
  const text = line.trimEnd();
  if (text.trim() === "") return { kind: "blank" };
  if (text.trim() === "*") return { kind: "repeat" };
  const gdb = GDB_LINE.exec(text);
  if (gdb) return parseGdbValues(Number.parseInt(gdb[1], 16), gdb[2]);
  const offsetLine = OFFSET_LINE.exec(text);
  if (!offsetLine) return null;
  const address = Number.parseInt(offsetLine[1], 16);
  const rest = offsetLine[3] ?? "";
  if (rest.trim() === "") return { kind: "end", address };
  const xxd = offsetLine[2] === ":";
  // The hex area ends where the ASCII column starts: xxd separates it by two spaces, hexdump -C by "|",
  // od -z by ">"; hexdump -C also has a two-space gap mid-line, so only xxd can cut at double spaces.
  let hexArea = xxd ? rest.split(/\s{2,}/)[0] : rest;
  const column = hexArea.search(/[^0-9a-f\s]/i);
  if (column >= 0) {
    if (xxd || (hexArea[column] !== "|" && hexArea[column] !== ">")) return null;
    hexArea = hexArea.slice(0, column);
  }
  const tokens = hexArea.trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === "") return null;
  const width = tokens[0].length;
  const bytes: number[] = [];
  for (const token of tokens) {
    if (!HEX_TOKEN.test(token) || token.length % 2 !== 0) return null;
    // Plain hexdump / od -x print 16-bit words in host (little-endian) order; xxd prints memory order.
    const littleEndianWords = !xxd && width === 4 && token.length === 4;
    if (!xxd && token.length !== width && token.length !== 2) return null;
    const pairs: number[] = [];
    for (let i = 0; i < token.length; i += 2) pairs.push(Number.parseInt(token.slice(i, i + 2), 16));
    bytes.push(...(littleEndianWords ? pairs.reverse() : pairs));
  }
  return { kind: "data", address, bytes, absolute: false };
}

/** gdb prints each unit as a 0x-prefixed number zero-padded to its size; memory holds it little-endian. */
function parseGdbValues(address: number, rest: string): ParsedLine | null {
  const tokens = rest.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return null;
  const bytes: number[] = [];
  for (const token of tokens) {
    const match = /^0x([0-9a-f]+)$/i.exec(token);
    if (!match || ![2, 4, 8, 16].includes(match[1].length)) return null;
    const digits = match[1];
    for (let i = digits.length - 2; i >= 0; i -= 2) bytes.push(Number.parseInt(digits.slice(i, i + 2), 16));
  }
  return { kind: "data", address, bytes, absolute: true };
}

/** Accumulates a hexdump fed in text pieces of any size. */
export class HexdumpDecoder {
  private data = Buffer.alloc(64 * 1024);
  private length = 0;
  private readonly regions: MemoryRegion[] = [];
  private pending = "";
  private lineNumber = 0;
  private previousBytes: number[] | null = null;
  private repeatPending = false;
  private absoluteLines = 0;
  private offsetLines = 0;
  private readonly stats: HexdumpStats = { lines: 0, dataLines: 0, badLines: 0, badLineNumbers: [], addressing: "offset" };
  private readonly warnings: string[] = [];

  constructor(private readonly baseAddress = 0) {}

  push(text: string): void {
    const lines = (this.pending + text).split("\n");
    this.pending = lines.pop() ?? "";
    for (const line of lines) this.handleLine(line);
  }

  end(): DecodedHexdump {
    if (this.pending) this.handleLine(this.pending);
    this.pending = "";
    if (this.repeatPending) this.warnings.push("a final \"*\" line has no end address after it; the repeat is ignored");
    if (this.stats.dataLines === 0) {
      const issues = this.stats.badLineNumbers.slice(0, 5).map((n) => ({ path: `line ${n}`, message: "not a hexdump line" }));
      throw new UnprocessableError(
        "no line of the input reads as a hexdump (hexdump -C, xxd, od -A x -t x1, gdb x/Nxb)",
        issues,
      );
    }
    if (this.stats.badLines > 0) {
      const listed = this.stats.badLineNumbers.join(", ");
      const more = this.stats.badLines > this.stats.badLineNumbers.length ? ", …" : "";
      this.warnings.unshift(`${this.stats.badLines} line(s) are not hexdump lines and were skipped: line ${listed}${more}`);
    }
    this.stats.addressing = this.absoluteLines && this.offsetLines ? "mixed" : this.absoluteLines ? "absolute" : "offset";
    return { data: this.data.subarray(0, this.length), regions: this.regions, stats: this.stats, warnings: this.warnings };
  }

  private handleLine(raw: string): void {
    this.lineNumber++;
    this.stats.lines++;
    const parsed = parseHexdumpLine(raw.replace(/\r$/, ""));
    if (parsed === null) {
      this.stats.badLines++;
      if (this.stats.badLineNumbers.length < MAX_LISTED_BAD_LINES) this.stats.badLineNumbers.push(this.lineNumber);
      return;
    }
    if (parsed.kind === "blank") return;
    if (parsed.kind === "repeat") {
      if (this.previousBytes) this.repeatPending = true;
      return;
    }
    const address = parsed.kind === "data" && parsed.absolute ? parsed.address : parsed.address + this.baseAddress;
    if (this.repeatPending) this.fillRepeat(address);
    if (parsed.kind === "end") return;
    this.stats.dataLines++;
    if (parsed.absolute) this.absoluteLines++;
    else this.offsetLines++;
    this.append(address, parsed.bytes);
    this.previousBytes = parsed.bytes;
  }

  /** `*` (hexdump -C): the previous line repeats up to the next address. */
  private fillRepeat(untilAddress: number): void {
    this.repeatPending = false;
    const pattern = this.previousBytes!;
    const region = this.regions[this.regions.length - 1];
    let address = region.address + region.size;
    if (untilAddress <= address) return;
    if ((untilAddress - address) % pattern.length !== 0) {
      this.warnings.push(`line ${this.lineNumber}: a "*" repeat does not end on a whole line; filled up to the address anyway`);
    }
    while (address < untilAddress) {
      const take = Math.min(pattern.length, untilAddress - address);
      this.append(address, take === pattern.length ? pattern : pattern.slice(0, take));
      address += take;
    }
  }

  private append(address: number, bytes: number[]): void {
    const region = this.regions[this.regions.length - 1];
    if (!region || region.address + region.size !== address) {
      if (region && address < region.address + region.size) {
        this.warnings.push(`line ${this.lineNumber}: address 0x${address.toString(16)} goes backwards; started a new region`);
      }
      this.regions.push({ kind: "raw", address, offset: this.length, size: 0 });
    }
    this.ensureCapacity(this.length + bytes.length);
    for (let i = 0; i < bytes.length; i++) this.data[this.length + i] = bytes[i];
    this.length += bytes.length;
    this.regions[this.regions.length - 1].size += bytes.length;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.data.length) return;
    if (needed > MAX_HEXDUMP_BYTES) {
      throw new PayloadTooLargeError(
        `hexdump expands to more than ${MAX_HEXDUMP_BYTES >> 20} MiB of memory; take a raw dump (gdb dump memory) instead`,
      );
    }
    const grown = Buffer.alloc(Math.min(MAX_HEXDUMP_BYTES, Math.max(needed, this.data.length * 2)));
    this.data.copy(grown, 0, 0, this.length);
    this.data = grown;
  }
}

/** Whether a text sample has at least one line that reads as a hexdump line with data. */
export function looksLikeHexdump(sample: string): boolean {
  const lines = sample.split("\n").slice(0, 200);
  return lines.some((line) => parseHexdumpLine(line.replace(/\r$/, ""))?.kind === "data");
}

export function decodeHexdump(text: string, baseAddress = 0): DecodedHexdump {
  const decoder = new HexdumpDecoder(baseAddress);
  decoder.push(text);
  return decoder.end();
}
