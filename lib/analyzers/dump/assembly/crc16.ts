/** CRC16/XMODEM of key bytes for hash slots (crc16 in ../../cluster-slots.ts is the reference). */
import { crcTable, data } from "./memory";

/** Lk (k = table - 1) of crc16SlicingTables in ../../cluster-slots.ts, at the low byte of `value`. */
@inline function slice(tables: usize, table: i32, value: i64): i32 {
  return <i32>load<u16>(tables + (<usize>(table << 8) << 1) + (<usize>(<i32>value & 0xff) << 1));
}

/** The register as the first two message bytes (little-endian: byte 0 is bits 0..7). */
@inline function register(crc: i32): i64 {
  return <i64>(((crc >> 8) & 0xff) | ((crc & 0xff) << 8));
}

/**
 * CRC16/XMODEM sixteen bytes per step with independent lookups ("slicing by 16"); the last 2..15 bytes
 * also in one or two steps of independent lookups, through the tables of a message's last positions.
 */
export function crc16(start: i32, end: i32): i32 {
  // In a local: V8 reloads a global at every use.
  const tables = crcTable;
  let crc = 0;
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const low = load<u64>(data + <usize>i) ^ register(crc);
    const high = load<u64>(data + <usize>i, 8);
    crc =
      slice(tables, 1, low) ^
      slice(tables, 2, low >> 8) ^
      slice(tables, 3, low >> 16) ^
      slice(tables, 4, low >> 24) ^
      slice(tables, 5, low >> 32) ^
      slice(tables, 6, low >> 40) ^
      slice(tables, 7, low >> 48) ^
      slice(tables, 8, low >> 56) ^
      slice(tables, 9, high) ^
      slice(tables, 10, high >> 8) ^
      slice(tables, 11, high >> 16) ^
      slice(tables, 12, high >> 24) ^
      slice(tables, 13, high >> 32) ^
      slice(tables, 14, high >> 40) ^
      slice(tables, 15, high >> 48) ^
      slice(tables, 16, high >> 56);
  }
  if (i + 8 <= end) {
    const bytes = load<u64>(data + <usize>i) ^ register(crc);
    crc =
      slice(tables, 9, bytes) ^
      slice(tables, 10, bytes >> 8) ^
      slice(tables, 11, bytes >> 16) ^
      slice(tables, 12, bytes >> 24) ^
      slice(tables, 13, bytes >> 32) ^
      slice(tables, 14, bytes >> 40) ^
      slice(tables, 15, bytes >> 48) ^
      slice(tables, 16, bytes >> 56);
    i += 8;
  }
  const rest = end - i;
  if (rest >= 2) {
    // The last `rest` bytes, read as the top of the word ending at `end` (bytes before i shift out).
    let bytes = (load<u64>(data + <usize>end - 8) >> (<i64>(8 - rest) << 3)) ^ register(crc);
    crc = 0;
    for (let table = 17 - rest; table <= 16; table++, bytes >>= 8) crc ^= slice(tables, table, bytes);
  } else if (rest == 1) {
    crc = ((crc << 8) & 0xffff) ^ <i32>load<u16>(tables + (<usize>(((crc >> 8) ^ <i32>load<u8>(data + <usize>i)) & 0xff) << 1));
  }
  return crc;
}
