/**
 * What every part of the module shares: where the host put the byte tables and the chunk, and the
 * content settings. The host sets them through configure() and scanWords() in sds-scan.ts.
 */

export const REJECT = 0;
export const ACCEPT = 1;
export const ACCEPT_KEY = 2;
/** Key-like strings are at most this long (MAX_KEY_LIKE_LEN in ../types.ts). */
export const MAX_KEY_LIKE_LEN = 1024;

/** 256 bytes: CHAR_CLASS (content and token classes, see ../key-inspector.ts). */
export let charClass: usize = 0;
/** 256 bytes: 1 where the content class allows the byte. */
export let charOk: usize = 0;
/** 256 bytes: 1 for sdshdr5 flags whose length passes the length rules. */
export let type5LengthOk: usize = 0;
/** 16384 bytes (1 = owned slot), or 0 when ownership is not analysed. */
export let ownedSlots: usize = 0;
/** 256 u16 (a byte at a time), then 8 × 256 u16 (eight at a time, see crc16.ts). */
export let crcTable: usize = 0;
/** f64 patternHash, tagOpen, tagClose, written by the host's highBytes import. */
export let state: usize = 0;
/** Content classes forbidden anywhere in a string. */
export let forbidden: i32 = 0;
/** The chunk being scanned. */
export let data: usize = 0;

export function setTables(charClassAt: usize, charOkAt: usize, type5LengthOkAt: usize, ownedSlotsAt: usize, crcTableAt: usize, stateAt: usize, forbiddenClasses: i32): void {
  charClass = charClassAt;
  charOk = charOkAt;
  type5LengthOk = type5LengthOkAt;
  ownedSlots = ownedSlotsAt;
  crcTable = crcTableAt;
  state = stateAt;
  forbidden = forbiddenClasses;
}

export function setChunk(at: usize): void {
  data = at;
}

@inline export function byte(i: i32): i32 {
  return <i32>load<u8>(data + <usize>i);
}

@inline export function classOf(i: i32): i32 {
  return <i32>load<u8>(charClass + <usize>byte(i));
}
