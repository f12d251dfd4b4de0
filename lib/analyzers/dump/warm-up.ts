/**
 * JIT warm-up for a fresh worker thread: the collector's hot functions (and the JavaScript scanner's, for
 * alignments other than 8) start interpreted, and a worker's first chunk ran several times slower than
 * later ones. Scanning a small synthetic memory image with every kind of content first (while the main
 * thread is busy with its own chunk) gets them compiled. The WebAssembly scanner arrives optimized.
 */
import { scanChunk } from "./chunk-collector";
import type { ChunkTask, ScanSettings } from "./types";

const SIZE = 256 * 1024;
const BASE = 0x7f0000000000;

function syntheticMemory(): Buffer {
  const memory = Buffer.alloc(SIZE);
  let state = 0x9e3779b9;
  const random = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const hex = (digits: number) => {
    let text = "";
    while (text.length < digits) text += random().toString(16).padStart(8, "0");
    return text.slice(0, digits);
  };
  for (let at = 0; at < SIZE; at += 8192) {
    const kind = (at / 8192) % 4;
    if (kind === 1) {
      // Pointers and small integers.
      for (let p = at; p < at + 8192; p += 8) {
        memory.writeUInt32LE((random() & ~7) >>> 0, p);
        memory.writeUInt32LE(random() % 3 === 0 ? 0x5555 : 0x7f12, p + 4);
      }
    } else if (kind === 2) {
      for (let p = at; p < at + 8192; p += 4) memory.writeUInt32LE(random(), p);
    } else if (kind === 3) {
      // Keys of several shapes, an EMBSTR object and a value with spaces.
      for (let p = at, n = 0; p + 128 <= at + 8192; p += 128, n++) {
        const key = n % 3 === 0 ? `warm:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}:${n}` : n % 3 === 1 ? `w:${n}:{tag${n % 7}}` : `cache:${hex(16)}`;
        memory[p] = key.length;
        memory[p + 1] = key.length;
        memory[p + 2] = 1;
        memory.write(key, p + 3, "latin1");
        memory[p + 64] = 0x80;
        memory.writeBigUInt64LE(BigInt(BASE + p + 64 + 19), p + 72);
        memory.write("\x05\x05\x01hello", p + 80, "latin1");
        memory[p + 96] = 12 << 3;
        memory.write("a value here", p + 97, "latin1");
      }
    }
  }
  return memory;
}

export function warmUp(settings: ScanSettings): void {
  const memory = syntheticMemory();
  const task: ChunkTask = { index: 0, kind: "anon", regionEnd: BASE + SIZE, ownedStart: BASE, ownedEnd: BASE + SIZE, dataStart: BASE, sourceOffset: 0 };
  for (let round = 0; round < 2; round++) scanChunk(memory, task, settings);
}
