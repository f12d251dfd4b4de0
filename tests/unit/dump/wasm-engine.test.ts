/**
 * The WebAssembly scanner must find exactly what the JavaScript one finds: same strings, signatures,
 * runs, patterns, slot counts, rejection counts and TSV lines, whatever the content, settings and
 * chunking. Memory here is a deterministic soup of every kind of string and look-alike.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createScanner, scanWith } from "@/lib/analyzers/dump/chunk-collector";
import type { ChunkResult } from "@/lib/analyzers/dump/chunk-result";
import { planChunks } from "@/lib/analyzers/dump/chunks";
import { keyHashSlot, parseSlotList } from "@/lib/analyzers/cluster-slots";
import type { ChunkTask, ContentClass, ScanSettings } from "@/lib/analyzers/dump/types";
import { embstrBytes, sdsBytes, type SdsType } from "@/tests/fixtures/dump/sds";

const BASE = 0x7f12_0000_0000;

function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const below = (n: number) => next() % n;
  const pick = <T>(items: readonly T[]) => items[below(items.length)];
  const hex = (digits: number) => Array.from({ length: digits }, () => "0123456789abcdef"[below(16)]).join("");
  return { next, below, pick, hex };
}

const WORDS = ["user", "session", "cache", "订单", "ключ", "acct", "idx", "lastlogin", "deadbeef", "v2"] as const;

function keyText(random: ReturnType<typeof generator>): string {
  const { below, pick, hex } = random;
  switch (below(9)) {
    case 0:
      return `${pick(WORDS)}:${below(1e7)}`;
    case 1:
      return `acct:${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}:sessions:${String(below(1e6)).padStart(10, "0")}`;
    case 2:
      return `cache:${hex(8 + below(12))}:v${below(9)}`;
    case 3:
      return `{${pick(WORDS)}${below(50)}}:${pick(WORDS)}:${below(1000)}`;
    case 4:
      return `${pick(WORDS)}:{}:${hex(4)}${pick(["", "}", "{x}"])}`;
    case 5:
      return `${pick(WORDS)} with spaces ${below(100)}\t${pick(["", "\n", "\r", "\x01", "\x7f"])}`;
    case 6:
      return Array.from({ length: 20 + below(1400) }, () => pick(["a", "b", " ", "1", "é", "中", ":", "-"])).join("");
    case 7:
      return `user${below(1e5)}x${below(100)}-${hex(below(12))}`;
    default:
      return pick(WORDS).repeat(1 + below(3));
  }
}

/**
 * Strings of every type (fresh, reused with alloc > len, freed), EMBSTR objects and look-alikes, for
 * memory at `base`; when that is not 8-aligned, the soup starts at the next aligned address.
 */
function soup(size: number, seed: number, base: number): Buffer {
  const pad = (8 - (base % 8)) % 8;
  return Buffer.concat([Buffer.alloc(pad), alignedSoup(size, seed, base + pad)]);
}

function alignedSoup(size: number, seed: number, address: number): Buffer {
  const random = generator(seed);
  const { next, below, pick } = random;
  const memory = Buffer.alloc(size);
  let at = 0;
  while (at < size - 2048) {
    const kind = below(12);
    if (kind === 0) {
      at += 8 * below(64); // zeros
    } else if (kind === 1) {
      for (let n = below(64); n > 0; n--, at += 8) {
        memory.writeUInt32LE((next() & ~7) >>> 0, at);
        memory.writeUInt32LE(pick([0x7f3a, 0x5555, 0, 0x80000000]), at + 4);
      }
    } else if (kind === 2) {
      for (let n = below(256); n > 0; n--) memory[at++] = next() & 0xff;
      at = (at + 7) & ~7;
    } else if (kind === 3) {
      // A run of one signature at a constant stride, interrupted now and then.
      const stride = pick([32, 48, 96, 128]);
      const type = pick([0, 1, 1, 2] as SdsType[]);
      const length = type === 0 ? 12 + below(10) : 20 + below(stride - 30);
      for (let n = 4 + below(40); n > 0 && at + stride < size - 2048; n--, at += stride) {
        const text = `k:${String(below(10 ** Math.min(8, length - 2))).padStart(length - 2, "0")}`;
        if (below(20) > 0) memory.set(sdsBytes(type, text), at);
      }
    } else if (kind === 4) {
      const text = keyText(random);
      const bytes = Buffer.from(text, "utf8");
      const type = (bytes.length < 32 && below(2) === 0 ? 0 : 1 + below(4)) as SdsType;
      if (type === 1 && bytes.length > 255) continue;
      const alloc = type === 0 ? undefined : Math.min(type === 1 ? 255 : 70000, bytes.length + below(3) * below(40));
      memory.set(sdsBytes(type, bytes, alloc), at);
      at += (sdsBytes(type, bytes, alloc).length + 7 + below(2) * 8) & ~7;
    } else if (kind === 5) {
      const text = `val-${below(1e9)}`;
      memory.set(embstrBytes(address + at, text), at);
      at += 48;
    } else if (kind === 6) {
      // Invalid UTF-8 and bytes above 0x7f inside otherwise plausible strings.
      const bytes = Buffer.from(`bin:${below(100)}:`, "latin1");
      const tail = Buffer.from(Array.from({ length: 4 + below(20) }, () => pick([0x80, 0xc3, 0xa9, 0xe4, 0xb8, 0xad, 0xff, 0x41])));
      memory.set(sdsBytes(1, Buffer.concat([bytes, tail])), at);
      at += 64;
    } else if (kind === 7) {
      // A header whose len exceeds alloc, or whose terminator is missing.
      memory.set(sdsBytes(1, `broken:${below(1000)}`), at);
      if (below(2) === 0) memory[at] = 250;
      else memory[at + 3 + memory[at]] = 0x41;
      at += 48;
    } else if (kind === 8) {
      memory.write(`${keyText(random)}\0`, at, "utf8");
      at = (at + 160) & ~7;
    } else if (kind === 9) {
      memory.writeBigUInt64LE(0x8000000000000000n, at); // -0.0 as a double
      at += 8;
    } else if (kind === 10) {
      // A long string's header followed by a huge len (sdshdr32/64).
      memory.writeUInt32LE(next(), at);
      memory.writeUInt32LE(next(), at + 4);
      memory[at + 8] = pick([3, 4]);
      at += 24;
    } else {
      at += 1 + below(7);
      at = (at + 7) & ~7;
    }
  }
  return memory;
}

function scanAll(memory: Buffer, settings: ScanSettings, chunkSize: number, base: number, engine: "auto" | "js"): ChunkResult[] {
  const scanner = createScanner(settings, engine);
  const tasks: ChunkTask[] = planChunks([{ kind: "anon", address: base, offset: 0, size: memory.length }], chunkSize, settings.maxLen);
  return tasks.map((task) => scanWith(scanner, memory.subarray(task.sourceOffset, task.sourceOffset + (task.ownedEnd - task.dataStart)), task, settings));
}

function settingsFor(content: ContentClass, minLen: number, slots: boolean, writeTsv: boolean): ScanSettings {
  return {
    align: 8,
    minLen,
    maxLen: 65536,
    content,
    ownedSlots: slots ? parseSlotList("0-5460,10923").owned : null,
    writeTsv,
    runThreshold: 8,
  };
}

describe("WebAssembly scanner", () => {
  it("is the engine in use for alignment 8", () => {
    expect(createScanner(settingsFor("printable", 1, false, false)).constructor.name).toBe("WasmSdsScanner");
    expect(createScanner({ ...settingsFor("printable", 1, false, false), align: 16 }).constructor.name).toBe("SdsScanner");
  });

  const cases: [ContentClass, number, boolean, number, number][] = [
    ["printable", 1, false, 4096, BASE],
    ["printable", 8, true, 65536, BASE + 3],
    ["utf8", 1, true, 8192, BASE + 5],
    ["any", 1, false, 1 << 20, BASE],
    ["any", 4, true, 4096 + 24, BASE + 1],
  ];
  it.each(cases)("finds exactly what the JavaScript scanner finds (%s, min len %i, slots %s, chunk %i)", (content, minLen, slots, chunk, base) => {
    for (const seed of [1, 2, 3]) {
      const memory = soup(192 * 1024, seed * 7919 + minLen, base);
      const settings = settingsFor(content, minLen, slots, seed === 1);
      const wasm = scanAll(memory, settings, chunk, base, "auto");
      const js = scanAll(memory, settings, chunk, base, "js");
      expect(wasm.reduce((sum, result) => sum + result.accepted, 0)).toBeGreaterThan(500);
      expect(wasm).toEqual(js);
    }
  });

  it("reports runs of copies as runs (one record per run, same report)", () => {
    const memory = Buffer.alloc(96 * 1000);
    for (let n = 0; n < 1000; n++) memory.set(sdsBytes(1, `acct:${String(n).padStart(10, "0")}:lastlogin-history-bucket`.padEnd(84, "x")), n * 96);
    const settings = settingsFor("printable", 1, true, false);
    const [wasm] = scanAll(memory, settings, 1 << 20, BASE, "auto");
    expect(wasm).toEqual(scanAll(memory, settings, 1 << 20, BASE, "js")[0]);
    expect(wasm.accepted).toBe(1000);
    expect(wasm.patterns).toHaveLength(1);
    expect(wasm.patterns[0].count).toBe(1000);
  });

  it("falls back to records for a chunk whose tables would overflow (more patterns or signatures than they hold)", () => {
    const word = (n: number) => n.toString(26).replace(/[0-9]/g, (d) => "qrstuvwxyz"[Number(d)]);
    const strings: Buffer[] = [];
    // 5,000 patterns (words are kept, not folded): the record path prunes its table, the module cannot.
    for (let n = 0; n < 5000; n++) strings.push(sdsBytes(1, `key:${word(n + 1000)}`));
    // 17,000 signatures: sdshdr16 strings whose alloc differs.
    for (let n = 0; n < 17000; n++) strings.push(sdsBytes(2, "value", 8 + n));
    const memory = Buffer.concat(strings.map((bytes) => Buffer.concat([bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8 + 8)])));
    const settings = settingsFor("printable", 1, true, false);
    const task: ChunkTask = { index: 0, kind: "anon", regionEnd: BASE + memory.length, ownedStart: BASE, ownedEnd: BASE + memory.length, dataStart: BASE, sourceOffset: 0 };
    const wasm = scanWith(createScanner(settings), memory, task, settings);
    expect(wasm).toEqual(scanWith(createScanner(settings, "js"), memory, task, settings));
    expect(wasm.accepted).toBe(22000);
    expect(wasm.patternsDropped.entries).toBeGreaterThan(0);
    expect(wasm.signatures.count).toBeGreaterThan(17000);
    // The next chunk is collected in the module again, from empty tables.
    const small = memory.subarray(0, 4096);
    const smallTask = { ...task, regionEnd: BASE + 4096, ownedEnd: BASE + 4096 };
    expect(scanWith(createScanner(settings), small, smallTask, settings)).toEqual(scanWith(createScanner(settings, "js"), small, smallTask, settings));
  });

  it("hashes keys of every length to the reference slot (CRC16 steps of 16, 8 and the last bytes)", () => {
    const random = generator(99);
    for (let length = 1; length <= 80; length++) {
      const key = Array.from({ length }, () => "abcdefghijklmnopqrstuvwxyz0123456789:_"[random.below(38)]).join("");
      const slot = keyHashSlot(key);
      const memory = Buffer.alloc(256);
      memory.set(sdsBytes(1, key), 8);
      // Every slot but the key's is owned: the key counts as foreign exactly when the module agrees.
      const owned = new Uint8Array(16384).fill(1);
      owned[slot] = 0;
      const settings = { ...settingsFor("printable", 1, false, false), ownedSlots: owned };
      const [result] = scanAll(memory, settings, 4096, BASE, "auto");
      expect({ length, hashed: result.hashed, foreign: result.foreign }).toEqual({ length, hashed: 1, foreign: 1 });
    }
  });

  it("ships a module compiled from the current source", () => {
    execFileSync(process.execPath, ["scripts/build-dump-wasm.mjs", "--check"], { stdio: "pipe" });
  }, 60_000);
});

describe("WebAssembly scanner memory", () => {
  it("gives the same results when its memory grows in the middle of a chunk (new key templates)", () => {
    // Keys of 900 different lengths: each first sighting allocates a template inside the module.
    const strings: Buffer[] = [];
    for (let length = 10; length < 910; length++) {
      const key = `k${length}:`.padEnd(length, "x");
      strings.push(sdsBytes(length < 256 ? 1 : 2, key));
      strings.push(sdsBytes(length < 256 ? 1 : 2, key.replace("x", "y")));
    }
    const memory = Buffer.concat(strings.map((bytes) => Buffer.concat([bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8 + 8)])));
    const settings = settingsFor("printable", 1, false, true);
    const scanner = createScanner(settings);
    const small = scanAll(Buffer.alloc(64), settings, 4096, BASE, "auto");
    expect(small[0].accepted).toBe(0);
    const task: ChunkTask = { index: 0, kind: "anon", regionEnd: BASE + memory.length, ownedStart: BASE, ownedEnd: BASE + memory.length, dataStart: BASE, sourceOffset: 0 };
    const wasm = scanWith(scanner, memory, task, settings);
    const js = scanWith(createScanner(settings, "js"), memory, task, settings);
    expect(wasm.accepted).toBe(1800);
    expect(wasm).toEqual(js);
  });
});
