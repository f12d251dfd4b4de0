/**
 * The hot loop: finds SDS strings in one chunk of memory.
 *
 * Only aligned header starts are examined (step = alignment), and at each one only five bytes decide
 * whether any header type is possible: the flags byte of sdshdr5 (at +0, low 3 bits 0), sdshdr8 (+2 == 1),
 * sdshdr16 (+4 == 2), sdshdr32 (+8 == 3) and sdshdr64 (+16 == 4). Types 8..64 never set the flags byte's
 * upper bits, so an exact compare is both correct and the cheapest filter. Everything else (lengths,
 * terminator, content) is only read for the few positions that pass.
 */
import { BYTE_CLASS, CLASS_CONTROL, CLASS_HIGH, CLASS_NEWLINE, CLASS_SPACE, CLASS_TAB, isValidUtf8 } from "./text";
import { EMBSTR_TYPE, MAX_KEY_LIKE_LEN, REJECTION_RULES, ROBJ_SIZE, type ChunkTask, type ScanSettings } from "./types";

/** Receives accepted strings. `start` is the allocation start: the robj for EMBSTR, else the header. */
export interface StringSink {
  add(data: Uint8Array, start: number, type: number, charsStart: number, len: number, alloc: number, keyLike: boolean): void;
}

const RULE = Object.fromEntries(REJECTION_RULES.map((rule, index) => [rule, index])) as Record<
  (typeof REJECTION_RULES)[number],
  number
>;
const TWO_POW_32 = 4294967296;
/** EMBSTR robj first byte: type OBJ_STRING (0) in the low nibble, encoding OBJ_ENCODING_EMBSTR (8) above. */
const EMBSTR_ROBJ_BYTE0 = 0x80;
/** How many recent terminators the nested-string rule remembers (overlapping look-alikes are rare). */
const RECENT_TERMINATORS = 4;

export class SdsScanner {
  /** Rejections by rule (REJECTION_RULES order) for candidates owned by the chunks scanned so far. */
  readonly rejections = new Float64Array(REJECTION_RULES.length);
  accepted = 0;

  private data: Uint8Array = new Uint8Array(0);
  private base = 0;
  private ownedFrom = 0;
  private ownedTo = 0;
  private regionEndsHere = false;
  private readonly recentTerminators = new Float64Array(RECENT_TERMINATORS).fill(-1);
  private recentNext = 0;
  private readonly align: number;
  private readonly minLen: number;
  private readonly maxLen: number;
  private readonly contentMode: number;

  constructor(
    settings: ScanSettings,
    private readonly sink: StringSink,
  ) {
    this.align = settings.align;
    this.minLen = settings.minLen;
    this.maxLen = settings.maxLen;
    this.contentMode = settings.content === "printable" ? 0 : settings.content === "utf8" ? 1 : 2;
  }

  /** Scans `data`, whose first byte is at task.dataStart and which ends at task.ownedEnd. */
  scan(data: Uint8Array, task: ChunkTask): void {
    this.data = data;
    this.base = task.dataStart;
    this.ownedFrom = task.ownedStart - task.dataStart;
    this.ownedTo = task.ownedEnd - task.dataStart;
    this.regionEndsHere = task.ownedEnd === task.regionEnd;
    this.recentTerminators.fill(-1);
    const align = this.align;
    const first = (align - (this.base % align)) % align;
    const length = Math.min(data.length, this.ownedTo);
    // Positions where all five flag bytes are inside the data need no bounds checks.
    const fastEnd = length - 16;
    let i = first;
    for (; i < fastEnd; i += align) {
      const flags5 = data[i];
      if ((flags5 & 7) === 0 && flags5 !== 0) this.candidate(i, 0, 1, flags5 >>> 3, flags5 >>> 3);
      if (data[i + 2] === 1) this.candidate(i, 1, 3, data[i], data[i + 1]);
      if (data[i + 4] === 2) this.candidate(i, 2, 5, data[i] | (data[i + 1] << 8), data[i + 2] | (data[i + 3] << 8));
      if (data[i + 8] === 3) this.candidate(i, 3, 9, this.u32(i), this.u32(i + 4));
      if (data[i + 16] === 4) this.candidate(i, 4, 17, this.u64(i), this.u64(i + 8));
    }
    for (; i < length; i += align) {
      const flags5 = data[i];
      if ((flags5 & 7) === 0 && flags5 !== 0) this.candidate(i, 0, 1, flags5 >>> 3, flags5 >>> 3);
      if (i + 2 < length && data[i + 2] === 1) this.candidate(i, 1, 3, data[i], data[i + 1]);
      if (i + 4 < length && data[i + 4] === 2) {
        this.candidate(i, 2, 5, data[i] | (data[i + 1] << 8), data[i + 2] | (data[i + 3] << 8));
      }
      if (i + 8 < length && data[i + 8] === 3) this.candidate(i, 3, 9, this.u32(i), this.u32(i + 4));
    }
    if (align > ROBJ_SIZE) this.scanEmbstrOffsets(length);
  }

  /**
   * With an alignment above 16 an EMBSTR's header (robj + 16) is not itself aligned: look for sdshdr8 flags
   * at those offsets too, taking only objects whose robj is there.
   */
  private scanEmbstrOffsets(length: number): void {
    const align = this.align;
    const data = this.data;
    let i = (((ROBJ_SIZE - (this.base % align)) % align) + align) % align;
    for (; i + 2 < length; i += align) {
      if (data[i + 2] === 1 && this.robjBefore(i)) this.candidate(i, 1, 3, data[i], data[i + 1]);
    }
  }

  private u32(i: number): number {
    const data = this.data;
    return (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16)) + data[i + 3] * 16777216;
  }

  /** Values from 2^53 up cannot be exact numbers; as Infinity they fail the length rules. */
  private u64(i: number): number {
    const high = this.u32(i + 4);
    return high >= 0x200000 ? Infinity : high * TWO_POW_32 + this.u32(i);
  }

  private robjBefore(header: number): boolean {
    const robj = header - ROBJ_SIZE;
    if (robj < 0 || this.data[robj] !== EMBSTR_ROBJ_BYTE0) return false;
    if ((this.base + robj) % this.align !== 0) return false;
    // robj->ptr points at the characters: robj + 16 (robj) + 3 (sdshdr8).
    return this.u64(header - 8) === this.base + header + 3;
  }

  private candidate(i: number, type: number, headerSize: number, len: number, alloc: number): void {
    // Length rules are counted by the chunk holding the flags byte (it sees the whole header); the others
    // by the chunk holding the terminator. Either way exactly one chunk counts each candidate.
    const owned = i + headerSize - 1 >= this.ownedFrom;
    if (len > alloc) {
      if (owned) this.rejections[RULE.lenAboveAlloc]++;
      return;
    }
    if (len > this.maxLen || alloc > Number.MAX_SAFE_INTEGER) {
      if (owned) this.rejections[RULE.tooLong]++;
      return;
    }
    const terminator = i + headerSize + len;
    if (terminator < this.ownedFrom) return;
    if (terminator >= this.ownedTo) {
      if (this.regionEndsHere) this.rejections[RULE.crossesRegionEnd]++;
      return;
    }
    const data = this.data;
    if (data[terminator] !== 0) {
      this.rejections[RULE.noTerminator]++;
      return;
    }
    const recent = this.recentTerminators;
    for (let r = 0; r < RECENT_TERMINATORS; r++) {
      if (recent[r] === terminator) {
        this.rejections[RULE.nestedInString]++;
        return;
      }
    }
    if (len < this.minLen) {
      this.rejections[RULE.belowMinLen]++;
      return;
    }
    const charsStart = i + headerSize;
    let mask = 0;
    for (let k = charsStart; k < terminator; k++) mask |= BYTE_CLASS[data[k]];
    let utf8 = -1;
    if (this.contentMode !== 2) {
      const forbidden = this.contentMode === 0 ? CLASS_CONTROL | CLASS_NEWLINE | CLASS_HIGH : CLASS_CONTROL;
      if ((mask & forbidden) !== 0) {
        this.rejections[RULE.content]++;
        return;
      }
      if (this.contentMode === 1 && (mask & CLASS_HIGH) !== 0) {
        utf8 = isValidUtf8(data, charsStart, terminator) ? 1 : 0;
        if (utf8 === 0) {
          this.rejections[RULE.content]++;
          return;
        }
      }
    }
    let keyLike = len > 0 && len <= MAX_KEY_LIKE_LEN && (mask & (CLASS_CONTROL | CLASS_NEWLINE | CLASS_TAB | CLASS_SPACE)) === 0;
    if (keyLike && (mask & CLASS_HIGH) !== 0) {
      if (utf8 < 0) utf8 = isValidUtf8(data, charsStart, terminator) ? 1 : 0;
      keyLike = utf8 === 1;
    }
    recent[this.recentNext] = terminator;
    this.recentNext = (this.recentNext + 1) % RECENT_TERMINATORS;
    this.accepted++;
    if (type === 1 && this.robjBefore(i)) {
      this.sink.add(data, i - ROBJ_SIZE, EMBSTR_TYPE, charsStart, len, alloc, keyLike);
    } else {
      this.sink.add(data, i, type, charsStart, len, alloc, keyLike);
    }
  }
}
