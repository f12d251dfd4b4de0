/**
 * Contiguous runs: strings of one signature (type, len, alloc) at a constant stride — keys created in one
 * loop sit back to back in one allocator size class, the fingerprint of a leak of copies.
 *
 * Per signature, the gaps between consecutive addresses form a sequence; a run is a maximal block of equal
 * gaps with at least `threshold - 1` gaps (`threshold` strings). Chunks are scanned in parallel, so each
 * chunk describes its own gap sequence compactly — first and last block exactly (they may continue into
 * the neighbours), complete blocks in between as runs or as a gap marker — and the merger stitches chunks
 * in order. The result is the same however the memory was cut.
 */
import { BoundedTable, type CountedEntry } from "./bounded-table";

/** `diffs` equal gaps of `stride` bytes, the first string of the block at `start`. */
export interface RunBlock {
  stride: number;
  diffs: number;
  start: number;
}

/** A block, or null for one or more complete blocks too short to be runs. */
export type RunItem = RunBlock | null;

/** Chunk side: builds the item list of one signature while its addresses arrive in order. */
export class RunItemBuilder {
  first = -1;
  last = -1;
  /** Allocated with the first closed block: most signatures in a chunk never have one. */
  private items: RunItem[] | null = null;
  // The open block as plain fields: most blocks never become runs, so no object per string.
  private stride = 0;
  private diffs = 0;
  private start = -1;

  constructor(private readonly threshold: number) {}

  add(address: number): void {
    if (this.first < 0) {
      this.first = this.last = address;
      return;
    }
    const gap = address - this.last;
    if (this.diffs > 0 && this.stride === gap) {
      this.diffs++;
    } else {
      if (this.diffs > 0) this.close();
      this.stride = gap;
      this.diffs = 1;
      this.start = this.last;
    }
    this.last = address;
  }

  /** The same as add() for `count` addresses `stride` apart, in constant time. */
  addRun(address: number, stride: number, count: number): void {
    this.add(address);
    if (count < 2) return;
    this.add(address + stride);
    // The open block now has this stride: further equal gaps only lengthen it.
    this.diffs += count - 2;
    this.last = address + (count - 1) * stride;
  }

  /** The first and last block stay exact (they may grow across chunk edges); complete short ones fold. */
  private close(): void {
    this.items ??= [];
    if (this.items.length === 0 || this.diffs + 1 >= this.threshold) {
      this.items.push({ stride: this.stride, diffs: this.diffs, start: this.start });
    } else if (this.items[this.items.length - 1] !== null) {
      this.items.push(null);
    }
  }

  finish(): RunItem[] {
    const items = this.items ?? [];
    if (this.diffs > 0) items.push({ stride: this.stride, diffs: this.diffs, start: this.start });
    this.diffs = 0;
    this.items = items;
    return items;
  }
}

/** Run items in a Float64Array as (stride, diffs, start) triples; a gap marker (null) is three NaNs. */
export const RUN_ITEM_NUMBERS = 3;

/** Writes `items` as triples from triple index `at` on; returns the next free index. */
export function packRunItems(items: RunItem[], into: Float64Array, at: number): number {
  for (const item of items) {
    into[at * RUN_ITEM_NUMBERS] = item ? item.stride : NaN;
    into[at * RUN_ITEM_NUMBERS + 1] = item ? item.diffs : NaN;
    into[at * RUN_ITEM_NUMBERS + 2] = item ? item.start : NaN;
    at++;
  }
  return at;
}

export interface RunRecord {
  start: number;
  count: number;
  stride: number;
  signatureKey: number | string;
}

/**
 * Per signature, what is still open after the chunks merged so far: the last address and the last block
 * (kept open: it may continue into the next chunk), updated in place chunk after chunk.
 */
export interface OpenRunState {
  last: number;
  /** Whether there is an open block (a gap marker or nothing at the end leaves none). */
  hasTail: boolean;
  tailStride: number;
  tailDiffs: number;
  tailStart: number;
  tailAfterRun: boolean;
}

interface StrideGroup extends CountedEntry {
  signatureKey: number | string;
  stride: number;
  runs: number;
}

const TOP_RUNS = 20;

/**
 * Main side: stitches chunk item lists and totals the finished runs in bounded memory. Items stream
 * through one pending block: equal strides merge into it, anything else finalizes it (tens of thousands
 * of signatures per dump pass through here, so no arrays or objects per item).
 */
export class RunMerger {
  runs = 0;
  stringsInRuns = 0;
  /** Longest runs, longest first (bounded). */
  topRuns: RunRecord[] = [];
  /** Runs grouped by (signature, stride); count = strings in those runs. */
  readonly groups = new BoundedTable<string, StrideGroup>(2000);

  // The pending item of the signature being merged: a block, a gap marker, or nothing yet.
  private pending: "none" | "gap" | "block" = "none";
  private pendingStride = 0;
  private pendingDiffs = 0;
  private pendingStart = 0;
  private afterRun = false;

  constructor(private readonly threshold: number) {}

  /**
   * Appends one chunk's items for a signature (`count` triples of `items` from triple `from`); `state` is
   * that signature's open state, updated and returned, or null for a signature new to the merge.
   */
  merge(
    signatureKey: number | string,
    state: OpenRunState | null,
    first: number,
    last: number,
    items: Float64Array,
    from: number,
    count: number,
  ): OpenRunState {
    this.startSignature();
    if (state) {
      if (state.hasTail) this.setPending(state.tailStride, state.tailDiffs, state.tailStart);
      this.afterRun = state.tailAfterRun;
      this.append(signatureKey, first - state.last, 1, state.last);
    }
    for (let at = from * RUN_ITEM_NUMBERS, end = (from + count) * RUN_ITEM_NUMBERS; at < end; at += RUN_ITEM_NUMBERS) {
      this.append(signatureKey, items[at], items[at + 1], items[at + 2]);
    }
    const open = state ?? { last, hasTail: false, tailStride: 0, tailDiffs: 0, tailStart: 0, tailAfterRun: false };
    open.last = last;
    open.hasTail = this.pending === "block";
    open.tailStride = this.pendingStride;
    open.tailDiffs = this.pendingDiffs;
    open.tailStart = this.pendingStart;
    open.tailAfterRun = this.afterRun;
    return open;
  }

  /** Closes a signature's last block (end of input, or the signature is being dropped). */
  close(signatureKey: number | string, state: OpenRunState): void {
    if (state.hasTail) this.finalize(signatureKey, state.tailStride, state.tailDiffs, state.tailStart, state.tailAfterRun);
    state.hasTail = false;
  }

  private startSignature(): void {
    this.pending = "none";
    this.afterRun = false;
  }

  private setPending(stride: number, diffs: number, start: number): void {
    this.pending = "block";
    this.pendingStride = stride;
    this.pendingDiffs = diffs;
    this.pendingStart = start;
  }

  /** One item (NaN stride: a gap marker) after the pending one. */
  private append(signatureKey: number | string, stride: number, diffs: number, start: number): void {
    const gap = Number.isNaN(stride);
    if (!gap && this.pending === "block" && this.pendingStride === stride) {
      this.pendingDiffs += diffs;
      return;
    }
    if (this.pending === "block") {
      this.afterRun = this.finalize(signatureKey, this.pendingStride, this.pendingDiffs, this.pendingStart, this.afterRun);
    }
    if (gap) {
      // Short blocks: whatever follows shares no string with a run, even across a chunk edge.
      this.pending = "gap";
      this.afterRun = false;
    } else {
      this.setPending(stride, diffs, start);
    }
  }

  /** Counts a finished block; returns whether it was a run. Adjacent runs share one string. */
  private finalize(signatureKey: number | string, stride: number, diffs: number, start: number, afterRun: boolean): boolean {
    if (diffs + 1 < this.threshold) return false;
    const count = diffs + 1;
    this.runs++;
    this.stringsInRuns += afterRun ? count - 1 : count;
    const groupKey = `${signatureKey}@${stride}`;
    const group = this.groups.get(groupKey) ?? this.groups.insert(groupKey, { signatureKey, stride, runs: 0, count: 0, order: 0 });
    group.runs++;
    group.count += count;
    this.rememberRun({ start, count, stride, signatureKey });
    return true;
  }

  private rememberRun(run: RunRecord): void {
    if (this.topRuns.length >= TOP_RUNS && byLength(run, this.topRuns[this.topRuns.length - 1]) >= 0) return;
    this.topRuns.push(run);
    this.topRuns.sort(byLength);
    if (this.topRuns.length > TOP_RUNS) this.topRuns.pop();
  }
}

function byLength(a: RunRecord, b: RunRecord): number {
  return b.count - a.count || a.start - b.start;
}
