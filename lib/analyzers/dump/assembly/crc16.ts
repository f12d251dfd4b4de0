/** CRC16/XMODEM of key bytes for hash slots (crc16 in ../../cluster-slots.ts is the reference). */
import { crcTable, data } from "./memory";

/** Lk (k = table - 1) of crc16SlicingTables in ../../cluster-slots.ts, at `value`. */
@inline function slice(tables: usize, table: i32, value: i32): i32 {
  return <i32>load<u16>(tables + (<usize>table << 9) + (<usize>value << 1));
}

/** Message byte `k` at `at` (byte loads keep each lookup at about four instructions). */
@inline function at(bytes: usize, k: i32): i32 {
  return <i32>load<u8>(bytes + <usize>k);
}

/**
 * CRC16/XMODEM sixteen bytes per step with independent lookups ("slicing by 16"; the register goes into
 * the first two bytes); the last 2..15 bytes also as independent lookups, through the tables of a
 * message's last positions.
 */
export function crc16(start: i32, end: i32): i32 {
  // In a local: V8 reloads a global at every use.
  const tables = crcTable;
  let crc = 0;
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const bytes = data + <usize>i;
    crc =
      slice(tables, 1, at(bytes, 0) ^ (crc >> 8)) ^
      slice(tables, 2, at(bytes, 1) ^ (crc & 0xff)) ^
      slice(tables, 3, at(bytes, 2)) ^
      slice(tables, 4, at(bytes, 3)) ^
      slice(tables, 5, at(bytes, 4)) ^
      slice(tables, 6, at(bytes, 5)) ^
      slice(tables, 7, at(bytes, 6)) ^
      slice(tables, 8, at(bytes, 7)) ^
      slice(tables, 9, at(bytes, 8)) ^
      slice(tables, 10, at(bytes, 9)) ^
      slice(tables, 11, at(bytes, 10)) ^
      slice(tables, 12, at(bytes, 11)) ^
      slice(tables, 13, at(bytes, 12)) ^
      slice(tables, 14, at(bytes, 13)) ^
      slice(tables, 15, at(bytes, 14)) ^
      slice(tables, 16, at(bytes, 15));
  }
  const rest = end - i;
  if (rest >= 2) {
    // Byte j of the last `rest` uses the table of position 16 - rest + j (as many bytes follow it).
    const bytes = data + <usize>i;
    const first = 17 - rest;
    let sum = slice(tables, first, at(bytes, 0) ^ (crc >> 8)) ^ slice(tables, first + 1, at(bytes, 1) ^ (crc & 0xff));
    for (let j = 2; j < rest; j++) sum ^= slice(tables, first + j, at(bytes, j));
    crc = sum;
  } else if (rest == 1) {
    crc = ((crc << 8) & 0xffff) ^ <i32>load<u16>(tables + (<usize>(((crc >> 8) ^ at(data + <usize>i, 0)) & 0xff) << 1));
  }
  return crc;
}
