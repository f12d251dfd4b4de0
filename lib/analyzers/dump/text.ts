/** Byte classes of string contents, UTF-8 validation, and the escaping used in TSV output and samples. */

export const CLASS_CONTROL = 1;
export const CLASS_NEWLINE = 2;
export const CLASS_TAB = 4;
export const CLASS_SPACE = 8;
export const CLASS_HIGH = 16;

/** OR-ing the classes of every character tells printable / UTF-8 / key-like apart in one pass. */
export const BYTE_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) {
    if (byte === 0x0a || byte === 0x0d) table[byte] = CLASS_NEWLINE;
    else if (byte === 0x09) table[byte] = CLASS_TAB;
    else if (byte === 0x20) table[byte] = CLASS_SPACE;
    else if (byte < 0x20 || byte === 0x7f) table[byte] = CLASS_CONTROL;
    else if (byte >= 0x80) table[byte] = CLASS_HIGH;
  }
  return table;
})();

/** Strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF) of bytes[start, end). */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let extra: number;
    let min: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      extra = 1;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      extra = 2;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + extra >= end) return false;
    let codePoint = lead & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) return false;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

/** Length of the valid UTF-8 sequence starting at bytes[i] (0 if there is none). */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i];
  const extra = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
  if (extra < 0 || i + extra >= end) return 0;
  return isValidUtf8(bytes, i, i + extra + 1) ? extra + 1 : 0;
}

const HEX_DIGITS = "0123456789abcdef";

/**
 * Text of bytes[start, end) with `\t`, `\n`, `\\` and every non-printable byte as `\xNN`; valid UTF-8
 * sequences stay as they are (keys in Chinese remain readable).
 */
export function escapeBytes(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  let plainFrom = start;
  for (let i = start; i < end; ) {
    const byte = bytes[i];
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x5c) {
      i++;
      continue;
    }
    if (byte >= 0x80) {
      const length = utf8SequenceLength(bytes, i, end);
      if (length > 0) {
        i += length;
        continue;
      }
    }
    out += Buffer.from(bytes.buffer, bytes.byteOffset + plainFrom, i - plainFrom).toString("utf8");
    out += byte === 0x09 ? "\\t" : byte === 0x0a ? "\\n" : byte === 0x5c ? "\\\\" : `\\x${HEX_DIGITS[byte >> 4]}${HEX_DIGITS[byte & 15]}`;
    i++;
    plainFrom = i;
  }
  return out + Buffer.from(bytes.buffer, bytes.byteOffset + plainFrom, end - plainFrom).toString("utf8");
}

/** Space-separated hex bytes, e.g. "54 54 01". */
export function hexBytes(bytes: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  for (let i = start; i < end; i++) parts.push(HEX_DIGITS[bytes[i] >> 4] + HEX_DIGITS[bytes[i] & 15]);
  return parts.join(" ");
}
