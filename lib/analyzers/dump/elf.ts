/**
 * ELF64 little-endian core files (gcore, gdb generate-core-file, kernel cores): PT_LOAD segments give the
 * memory with its virtual addresses; the PT_NOTE segment's NT_FILE note lists file-backed mappings, so
 * whatever PT_LOAD memory it does not cover is anonymous (heap, arenas, stacks).
 */
import { UnprocessableError } from "../../errors";
import type { MemoryRegion } from "./input";

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const ET_CORE = 4;
const PT_LOAD = 1;
const PT_NOTE = 4;
const NT_FILE = 0x46494c45;
const PN_XNUM = 0xffff;
const ELF_TYPES: Record<number, string> = { 0: "none", 1: "relocatable", 2: "executable", 3: "shared object", 4: "core" };

export interface LoadSegment {
  index: number;
  vaddr: number;
  offset: number;
  fileSize: number;
  memSize: number;
}

export interface FileMapping {
  start: number;
  end: number;
  path: string;
}

export interface ElfCoreLayout {
  programHeaders: number;
  loads: LoadSegment[];
  /** PT_LOAD segments whose p_filesz is 0 (gdb leaves read-only file mappings out). */
  loadsWithoutData: number;
  fileMappings: FileMapping[];
  hasFileNote: boolean;
  warnings: string[];
}

/** Reads exactly `length` bytes at `offset`; the caller has checked the range lies inside the input. */
export type ReadAt = (offset: number, length: number) => Buffer;

function u64(buffer: Buffer, offset: number, what: string): bigint {
  if (offset + 8 > buffer.length) throw new UnprocessableError(`ELF core is truncated: ${what} is cut off`);
  return buffer.readBigUInt64LE(offset);
}

function safeNumber(value: bigint): number | null {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

export function isElf(head: Uint8Array): boolean {
  return head.length >= 4 && ELF_MAGIC.every((byte, i) => head[i] === byte);
}

export function parseElfCore(readAt: ReadAt, fileSize: number): ElfCoreLayout {
  if (fileSize < 64) throw new UnprocessableError(`ELF core is truncated: ${fileSize} bytes, the ELF64 header alone is 64`);
  const header = readAt(0, 64);
  if (!isElf(header)) throw new UnprocessableError("not an ELF file (no \\x7fELF magic)");
  if (header[4] !== 2) throw new UnprocessableError("only 64-bit ELF cores are supported (EI_CLASS is not ELFCLASS64)");
  if (header[5] !== 1) throw new UnprocessableError("only little-endian ELF cores are supported (EI_DATA is not ELFDATA2LSB)");
  const elfType = header.readUInt16LE(16);
  if (elfType !== ET_CORE) {
    const name = ELF_TYPES[elfType] ?? `type ${elfType}`;
    throw new UnprocessableError(`ELF file is a ${name}, not a core dump; take one with gcore PID (or pass --format raw)`);
  }
  const phoff = safeNumber(header.readBigUInt64LE(32));
  const phentsize = header.readUInt16LE(54);
  let phnum = header.readUInt16LE(56);
  if (phnum === PN_XNUM) phnum = extendedProgramHeaderCount(readAt, header, fileSize);
  if (phnum === 0) throw new UnprocessableError("ELF core has no program headers");
  if (phentsize < 56) throw new UnprocessableError(`ELF core has program headers of ${phentsize} bytes, expected 56`);
  if (phoff === null || phoff + phnum * phentsize > fileSize) {
    throw new UnprocessableError(`ELF core is truncated: its ${phnum} program headers run past the end of the file`);
  }
  const table = readAt(phoff, phnum * phentsize);
  const layout: ElfCoreLayout = {
    programHeaders: phnum,
    loads: [],
    loadsWithoutData: 0,
    fileMappings: [],
    hasFileNote: false,
    warnings: [],
  };
  for (let index = 0; index < phnum; index++) {
    const at = index * phentsize;
    const type = table.readUInt32LE(at);
    const offset = safeNumber(table.readBigUInt64LE(at + 8));
    const vaddr = safeNumber(table.readBigUInt64LE(at + 16));
    const fileSizeOfSegment = safeNumber(table.readBigUInt64LE(at + 32));
    const memSize = safeNumber(table.readBigUInt64LE(at + 40));
    if (type !== PT_LOAD && type !== PT_NOTE) continue;
    if (offset === null || fileSizeOfSegment === null || offset + fileSizeOfSegment > fileSize) {
      throw new UnprocessableError(
        `ELF core is truncated: segment ${index} needs bytes up to ${offset === null || fileSizeOfSegment === null ? "beyond 2^53" : offset + fileSizeOfSegment}, the file has ${fileSize}`,
      );
    }
    if (type === PT_NOTE) {
      if (fileSizeOfSegment > 0) readNotes(readAt(offset, fileSizeOfSegment), layout);
      continue;
    }
    if (fileSizeOfSegment === 0) {
      layout.loadsWithoutData++;
      continue;
    }
    if (vaddr === null || vaddr + fileSizeOfSegment > Number.MAX_SAFE_INTEGER) {
      // The only such mapping in practice is [vsyscall] at 0xffffffffff600000: kernel text, no heap.
      layout.warnings.push(`segment ${index} skipped: its address is beyond 2^53 (kernel vsyscall page)`);
      continue;
    }
    layout.loads.push({ index, vaddr, offset, fileSize: fileSizeOfSegment, memSize: memSize ?? fileSizeOfSegment });
  }
  if (!layout.hasFileNote) {
    layout.warnings.push("no NT_FILE note: file-backed mappings cannot be told from heap, so all memory counts as raw");
  }
  return layout;
}

/** With 65535 or more program headers the real count is in section header 0's sh_info. */
function extendedProgramHeaderCount(readAt: ReadAt, header: Buffer, fileSize: number): number {
  const shoff = safeNumber(header.readBigUInt64LE(40));
  if (shoff === null || shoff + 64 > fileSize) throw new UnprocessableError("ELF core is truncated: section header 0 is missing");
  return readAt(shoff, 64).readUInt32LE(44);
}

/** Walks the notes of a PT_NOTE segment; malformed notes end the walk with a warning, not an error. */
function readNotes(notes: Buffer, layout: ElfCoreLayout): void {
  let at = 0;
  while (at + 12 <= notes.length) {
    const nameSize = notes.readUInt32LE(at);
    const descSize = notes.readUInt32LE(at + 4);
    const type = notes.readUInt32LE(at + 8);
    const nameStart = at + 12;
    const descStart = nameStart + align4(nameSize);
    const next = descStart + align4(descSize);
    if (next > notes.length) {
      layout.warnings.push(`PT_NOTE segment: note at byte ${at} runs past the segment end; later notes ignored`);
      return;
    }
    const name = notes.toString("latin1", nameStart, nameStart + Math.max(0, nameSize - 1));
    if (type === NT_FILE && name === "CORE") {
      readFileNote(notes.subarray(descStart, descStart + descSize), layout);
    }
    at = next;
  }
}

function align4(value: number): number {
  return (value + 3) & ~3;
}

/** NT_FILE: count, page size, count × (start, end, file offset in pages), then count NUL-terminated paths. */
function readFileNote(desc: Buffer, layout: ElfCoreLayout): void {
  const count = safeNumber(u64(desc, 0, "NT_FILE count"));
  if (count === null || 16 + count * 24 > desc.length) {
    layout.warnings.push("NT_FILE note is malformed (its mapping table runs past the note); mappings ignored");
    return;
  }
  layout.hasFileNote = true;
  let pathAt = 16 + count * 24;
  for (let i = 0; i < count; i++) {
    const start = safeNumber(desc.readBigUInt64LE(16 + i * 24));
    const end = safeNumber(desc.readBigUInt64LE(24 + i * 24));
    const pathEnd = desc.indexOf(0, pathAt);
    const path = desc.toString("utf8", pathAt, pathEnd < 0 ? desc.length : pathEnd);
    pathAt = pathEnd < 0 ? desc.length : pathEnd + 1;
    if (start === null || end === null || end <= start) continue;
    layout.fileMappings.push({ start, end, path });
  }
  layout.fileMappings.sort((a, b) => a.start - b.start);
}

/** Splits every PT_LOAD segment into file-backed and anonymous parts (or raw, without an NT_FILE note). */
export function elfRegions(layout: ElfCoreLayout): MemoryRegion[] {
  const regions: MemoryRegion[] = [];
  const push = (kind: MemoryRegion["kind"], address: number, offset: number, size: number) => {
    const last = regions[regions.length - 1];
    if (last && last.kind === kind && last.address + last.size === address && last.offset + last.size === offset) {
      last.size += size;
    } else if (size > 0) {
      regions.push({ kind, address, offset, size });
    }
  };
  for (const load of [...layout.loads].sort((a, b) => a.vaddr - b.vaddr)) {
    if (!layout.hasFileNote) {
      push("raw", load.vaddr, load.offset, load.fileSize);
      continue;
    }
    const end = load.vaddr + load.fileSize;
    let cursor = load.vaddr;
    for (const mapping of layout.fileMappings) {
      if (mapping.end <= cursor) continue;
      if (mapping.start >= end) break;
      if (mapping.start > cursor) push("anon", cursor, load.offset + (cursor - load.vaddr), mapping.start - cursor);
      const fileEnd = Math.min(mapping.end, end);
      const fileStart = Math.max(mapping.start, cursor);
      push("file", fileStart, load.offset + (fileStart - load.vaddr), fileEnd - fileStart);
      cursor = fileEnd;
    }
    if (cursor < end) push("anon", cursor, load.offset + (cursor - load.vaddr), end - cursor);
  }
  return regions;
}
