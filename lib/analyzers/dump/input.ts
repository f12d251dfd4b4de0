/**
 * From input bytes to a plan: the format (detected or forced), the memory regions with their virtual
 * addresses and kinds, and where each region's bytes are in the input. Works on an in-memory buffer or a
 * file read piecewise, so a multi-gigabyte core is never loaded whole.
 */
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { InvalidInputError, UnprocessableError } from "../../errors";
import { elfRegions, isElf, parseElfCore, type ElfCoreLayout } from "./elf";
import { readFileInto } from "./file-read";
import { HexdumpDecoder, looksLikeHexdump, type DecodedHexdump, type HexdumpStats } from "./hexdump";
import type { DumpFormat, RegionKind, ResolvedOptions } from "./types";

export interface MemoryRegion {
  kind: RegionKind;
  /** Virtual address of the first byte. */
  address: number;
  /** Where the region's bytes start in the input (or in the decoded hexdump). */
  offset: number;
  size: number;
}

/** Random access to the input's bytes. */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset` (callers stay inside `size`); `into` is reused when given. */
  read(offset: number, length: number, into?: Buffer): Buffer;
  /** Path when the bytes are a file on disk (workers open it themselves). */
  readonly path?: string;
  close(): void;
}

export function bufferSource(buffer: Buffer): ByteSource {
  return { size: buffer.length, read: (offset, length) => buffer.subarray(offset, offset + length), close() {} };
}

export function fileSource(path: string): ByteSource {
  let fd: number;
  let size: number;
  try {
    fd = fs.openSync(path, "r");
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) {
      fs.closeSync(fd);
      throw new InvalidInputError(`${path} is a directory, not a dump file`);
    }
    size = stat.size;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new InvalidInputError(`cannot read ${path}: ${reason}`);
  }
  return {
    size,
    path,
    read(offset, length, into) {
      const buffer = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafe(length);
      readFileInto(fd, buffer, offset, () => new UnprocessableError(`${path} shrank while being read (expected ${length} bytes at ${offset})`));
      return buffer;
    },
    close() {
      fs.closeSync(fd);
    },
  };
}

export interface DumpPlan {
  format: DumpFormat;
  source: ByteSource;
  inputBytes: number;
  /** Every region that has bytes, whether scanned or not. */
  regions: MemoryRegion[];
  /** The regions the scan covers (file-backed ones are left out with anonOnly). */
  scanned: MemoryRegion[];
  warnings: string[];
  elf?: { programHeaders: number; loadSegments: number; loadsWithoutData: number; fileMappings: number; hasFileNote: boolean };
  hexdump?: HexdumpStats;
}

const SAMPLE_BYTES = 64 * 1024;

/** Text if it has no NUL and almost only printable ASCII / whitespace / UTF-8 lead and continuation bytes. */
function looksLikeText(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const byte = sample[i];
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) odd++;
  }
  return odd <= sample.length / 100;
}

export function detectFormat(head: Uint8Array): DumpFormat | "text" {
  if (isElf(head)) return "elf";
  if (looksLikeText(head)) return looksLikeHexdump(Buffer.from(head).toString("utf8")) ? "hexdump" : "text";
  return "raw";
}

/** Builds the plan; for hexdumps this decodes the text (bounded by MAX_HEXDUMP_BYTES). */
export function planDump(source: ByteSource, options: ResolvedOptions): DumpPlan {
  if (source.size === 0) throw new InvalidInputError("the dump is empty (0 bytes)");
  const head = source.read(0, Math.min(SAMPLE_BYTES, source.size));
  let format: DumpFormat;
  if (options.format === "auto") {
    const detected = detectFormat(head);
    if (detected === "text") {
      throw new UnprocessableError(
        "the input is text but no line reads as a hexdump (hexdump -C, xxd, gdb x/Nxb); pass --format raw to scan it as memory anyway",
      );
    }
    format = detected;
  } else {
    format = options.format;
  }
  const warnings: string[] = [];
  if (format === "elf") {
    if (options.baseAddress) warnings.push("--base is ignored for ELF cores: segments carry their own addresses");
    const layout = parseElfCore((offset, length) => source.read(offset, length), source.size);
    return elfPlan(source, layout, options, warnings);
  }
  if (format === "hexdump") {
    const decoded = decodeHexdumpSource(source, options.baseAddress);
    const data = bufferSource(decoded.data);
    return {
      format,
      source: data,
      inputBytes: source.size,
      regions: decoded.regions,
      scanned: decoded.regions,
      warnings: [...warnings, ...decoded.warnings],
      hexdump: decoded.stats,
    };
  }
  if (isElf(head)) warnings.push("the input is an ELF file scanned as raw bytes: addresses are file offsets plus --base");
  const region: MemoryRegion = { kind: "raw", address: options.baseAddress, offset: 0, size: source.size };
  if (options.baseAddress + source.size > Number.MAX_SAFE_INTEGER) {
    throw new InvalidInputError("--base plus the dump size goes beyond 2^53");
  }
  return { format, source, inputBytes: source.size, regions: [region], scanned: [region], warnings };
}

function elfPlan(source: ByteSource, layout: ElfCoreLayout, options: ResolvedOptions, warnings: string[]): DumpPlan {
  const regions = elfRegions(layout);
  const scanned = options.anonOnly ? regions.filter((r) => r.kind !== "file") : regions;
  return {
    format: "elf",
    source,
    inputBytes: source.size,
    regions,
    scanned,
    warnings: [...warnings, ...layout.warnings],
    elf: {
      programHeaders: layout.programHeaders,
      loadSegments: layout.loads.length + layout.loadsWithoutData,
      loadsWithoutData: layout.loadsWithoutData,
      fileMappings: layout.fileMappings.length,
      hasFileNote: layout.hasFileNote,
    },
  };
}

/** Streams the text through the decoder in 1 MiB pieces so a large listing is not held twice. */
function decodeHexdumpSource(source: ByteSource, baseAddress: number): DecodedHexdump {
  const decoder = new HexdumpDecoder(baseAddress);
  const text = new StringDecoder("utf8");
  const piece = 1 << 20;
  for (let offset = 0; offset < source.size; offset += piece) {
    decoder.push(text.write(source.read(offset, Math.min(piece, source.size - offset))));
  }
  decoder.push(text.end());
  return decoder.end();
}
