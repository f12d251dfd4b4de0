/**
 * The per-string TSV of one chunk (`--out`), encoded straight into bytes: address (hex), type, len,
 * alloc, region, then the text escaped exactly like escapeBytes() in text.ts. Building a JavaScript
 * string per line and encoding the joined text made millions of short-lived strings, and their garbage
 * pushed the scan's peak memory past its bound.
 */
import { utf8SequenceLength } from "./text";

const HEX = new TextEncoder().encode("0123456789abcdef");
const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const TWO_POW_32 = 4294967296;

/**
 * One buffer per thread, reused by every chunk (a thread builds one chunk's lines at a time): growing a
 * fresh buffer per chunk left megabytes of garbage per chunk for the collector to catch up with.
 */
let shared = new Uint8Array(1 << 16);

export class TsvBuilder {
  private bytes = shared;
  private used = 0;
  private readonly encoded = new Map<string, Uint8Array>();

  /** One line; `data[start, end)` are the string's characters. */
  line(address: number, type: string, len: number, alloc: number, region: string, data: Uint8Array, start: number, end: number): void {
    // Worst case: every character as \xNN, plus the fields.
    this.reserve(4 * (end - start) + 96);
    this.byte(0x30);
    this.byte(0x78);
    this.hex(address);
    this.byte(TAB);
    this.text(type);
    this.byte(TAB);
    this.decimal(len);
    this.byte(TAB);
    this.decimal(alloc);
    this.byte(TAB);
    this.text(region);
    this.byte(TAB);
    this.escaped(data, start, end);
    this.byte(NEWLINE);
  }

  /** The chunk's lines, in a fresh ArrayBuffer (transferable between threads). */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.used);
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + extra));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = shared = grown;
  }

  private byte(value: number): void {
    this.bytes[this.used++] = value;
  }

  private text(value: string): void {
    let bytes = this.encoded.get(value);
    if (!bytes) {
      bytes = new TextEncoder().encode(value);
      this.encoded.set(value, bytes);
    }
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Lower-case hex without leading zeros, like Number#toString(16), for integers below 2^53. */
  private hex(value: number): void {
    const high = Math.floor(value / TWO_POW_32);
    const low = value >>> 0;
    let started = false;
    for (let shift = 20; shift >= 0; shift -= 4) {
      const digit = (high >>> shift) & 15;
      if (digit !== 0 || started) {
        this.byte(HEX[digit]);
        started = true;
      }
    }
    for (let shift = 28; shift >= 0; shift -= 4) {
      const digit = (low >>> shift) & 15;
      if (digit !== 0 || started || shift === 0) {
        this.byte(HEX[digit]);
        started = true;
      }
    }
  }

  private decimal(value: number): void {
    if (value < 10) {
      this.byte(0x30 + value);
      return;
    }
    const digits = Math.floor(Math.log10(value)) + 1;
    // log10 can be off by one near powers of ten: correct it against the value.
    const count = value >= 10 ** digits ? digits + 1 : value < 10 ** (digits - 1) ? digits - 1 : digits;
    let rest = value;
    for (let at = this.used + count - 1; at >= this.used; at--) {
      this.bytes[at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.used += count;
  }

  private escaped(data: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; ) {
      const value = data[i];
      if (value >= 0x20 && value < 0x7f && value !== BACKSLASH) {
        this.byte(value);
        i++;
        continue;
      }
      if (value >= 0x80) {
        const length = utf8SequenceLength(data, i, end);
        if (length > 0) {
          this.bytes.set(data.subarray(i, i + length), this.used);
          this.used += length;
          i += length;
          continue;
        }
      }
      this.byte(BACKSLASH);
      if (value === TAB) this.byte(0x74);
      else if (value === NEWLINE) this.byte(0x6e);
      else if (value === BACKSLASH) this.byte(BACKSLASH);
      else {
        this.byte(0x78);
        this.byte(HEX[value >> 4]);
        this.byte(HEX[value & 15]);
      }
      i++;
    }
  }
}
