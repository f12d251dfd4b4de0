/**
 * What every part of the module shares: where the host put the byte tables and the chunk, and the
 * content settings. The host sets them through configure() and scanWords() in sds-scan.ts.
 */

export const REJECT = 0;
export const ACCEPT = 1;
export const ACCEPT_KEY = 2;
/** String types: sdshdr5..sdshdr64 are 0..4, EMBSTR is 5 (STRING_TYPES in ../types.ts). */
export const EMBSTR_TYPE = 5;
export const TYPE_COUNT = 6;
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
// All-ones lanes where the content class forbids control characters, line breaks, bytes above 0x7f.
let forbidsControl: v128 = i8x16.splat(0);
let forbidsNewline: v128 = i8x16.splat(0);
let forbidsHigh: v128 = i8x16.splat(0);
// Byte constants for the SIMD tests, as globals set at run time: V8 rebuilds a v128 constant from
// immediates at every use inside a loop, where reading a global is one load.
export let splat1: v128 = i8x16.splat(0);
export let splat2: v128 = i8x16.splat(0);
export let splat3: v128 = i8x16.splat(0);
export let splat4: v128 = i8x16.splat(0);
export let splat7: v128 = i8x16.splat(0);
export let splat8: v128 = i8x16.splat(0);
export let splat6: v128 = i8x16.splat(0);
export let splat10: v128 = i8x16.splat(0);
export let splatDigitZero: v128 = i8x16.splat(0);
export let splatLowerA: v128 = i8x16.splat(0);
let splatTab: v128 = i8x16.splat(0);
let splatLineFeed: v128 = i8x16.splat(0);
let splatReturn: v128 = i8x16.splat(0);
export let splatSpace: v128 = i8x16.splat(0);
let splatDelete: v128 = i8x16.splat(0);

export function setTables(charClassAt: usize, charOkAt: usize, type5LengthOkAt: usize, ownedSlotsAt: usize, crcTableAt: usize, stateAt: usize, forbiddenClasses: i32): void {
  charClass = charClassAt;
  charOk = charOkAt;
  type5LengthOk = type5LengthOkAt;
  ownedSlots = ownedSlotsAt;
  crcTable = crcTableAt;
  state = stateAt;
  forbidden = forbiddenClasses;
  forbidsControl = i8x16.splat((forbiddenClasses & CLASS_CONTROL) != 0 ? -1 : 0);
  forbidsNewline = i8x16.splat((forbiddenClasses & CLASS_NEWLINE) != 0 ? -1 : 0);
  forbidsHigh = i8x16.splat((forbiddenClasses & CLASS_HIGH) != 0 ? -1 : 0);
  splat1 = i8x16.splat(1);
  splat2 = i8x16.splat(2);
  splat3 = i8x16.splat(3);
  splat4 = i8x16.splat(4);
  splat7 = i8x16.splat(7);
  splat8 = i8x16.splat(8);
  splat6 = i8x16.splat(6);
  splat10 = i8x16.splat(10);
  splatDigitZero = i8x16.splat(0x30);
  splatLowerA = i8x16.splat(0x61);
  splatTab = i8x16.splat(0x09);
  splatLineFeed = i8x16.splat(0x0a);
  splatReturn = i8x16.splat(0x0d);
  splatSpace = i8x16.splat(0x20);
  splatDelete = i8x16.splat(0x7f);
}

// Byte classes (../text.ts, ../patterns.ts).
export const CLASS_CONTROL = 1;
export const CLASS_NEWLINE = 2;
export const CLASS_TAB = 4;
export const CLASS_SPACE = 8;
export const CLASS_HIGH = 16;

/** Per lane: all ones where the content class allows the byte (charOk, 16 bytes at a time). */
@inline export function allowedBytes(bytes: v128): v128 {
  const newline = v128.or(i8x16.eq(bytes, splatLineFeed), i8x16.eq(bytes, splatReturn));
  const below = v128.andnot(i8x16.lt_u(bytes, splatSpace), v128.or(newline, i8x16.eq(bytes, splatTab)));
  const control = v128.or(below, i8x16.eq(bytes, splatDelete));
  const high = i8x16.lt_s(bytes, i8x16.splat(0));
  return v128.not(v128.or(v128.or(v128.and(control, forbidsControl), v128.and(newline, forbidsNewline)), v128.and(high, forbidsHigh)));
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
