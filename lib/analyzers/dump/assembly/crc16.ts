/** CRC16/XMODEM of key bytes for hash slots (crc16 in ../../cluster-slots.ts is the reference). */
import { byte, crcTable, data } from "./memory";

@inline function slice(table: i32, value: i64): i32 {
  return <i32>load<u16>(crcTable + (<usize>(table << 8) << 1) + (<usize>(<i32>value & 0xff) << 1));
}

/**
 * CRC16/XMODEM eight bytes per step with independent lookups ("slicing by 8", tables from
 * crc16SlicingTables in ../../cluster-slots.ts), the rest a byte at a time.
 */
export function crc16(start: i32, end: i32): i32 {
  let crc = 0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    // Little-endian load: byte k of the message is bits 8k..8k+7; the register goes into bytes 0 and 1.
    const bytes = load<u64>(data + <usize>i) ^ <i64>(((crc >> 8) & 0xff) | ((crc & 0xff) << 8));
    crc =
      slice(1, bytes) ^
      slice(2, bytes >> 8) ^
      slice(3, bytes >> 16) ^
      slice(4, bytes >> 24) ^
      slice(5, bytes >> 32) ^
      slice(6, bytes >> 40) ^
      slice(7, bytes >> 48) ^
      slice(8, bytes >> 56);
  }
  for (; i < end; i++) crc = ((crc << 8) & 0xffff) ^ <i32>load<u16>(crcTable + (<usize>(((crc >> 8) ^ byte(i)) & 0xff) << 1));
  return crc;
}
