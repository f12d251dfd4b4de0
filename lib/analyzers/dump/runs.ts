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

export interface RunRecord {
  start: number;
  count: number;
  stride: number;
  signatureKey: number | string;
}

/** Per signature, what is still open after the chunks merged so far. */
export interface OpenRunState {
  last: number;
  tail: RunBlock | null;
  tailAfterRun: boolean;
}

interface StrideGroup extends CountedEntry {
  signatureKey: number | string;
  stride: number;
  runs: number;
}

const TOP_RUNS = 20;

/** Main side: stitches chunk item lists and totals the finished runs in bounded memory. */
export class RunMerger {
  runs = 0;
  stringsInRuns = 0;
  /** Longest runs, longest first (bounded). */
  topRuns: RunRecord[] = [];
  /** Runs grouped by (signature, stride); count = strings in those runs. */
  readonly groups = new BoundedTable<string, StrideGroup>(2000);

  constructor(private readonly threshold: number) {}

  /** Appends one chunk's items for a signature; `state` is that signature's open state (or null if new). */
  merge(
    signatureKey: number | string,
    state: OpenRunState | null,
    first: number,
    last: number,
    items: RunItem[],
  ): OpenRunState {
    const sequence: RunItem[] = [];
    let afterRun = false;
    if (state) {
      if (state.tail) sequence.push({ ...state.tail });
      afterRun = state.tailAfterRun;
      this.append(sequence, { stride: first - state.last, diffs: 1, start: state.last });
    }
    for (const item of items) this.append(sequence, item && { ...item });
    const tail = sequence.length > 0 ? sequence[sequence.length - 1] : null;
    for (let k = 0; k < sequence.length - 1; k++) afterRun = this.finalize(signatureKey, sequence[k], afterRun);
    return { last, tail, tailAfterRun: afterRun };
  }

  /** Closes a signature's last block (end of input, or the signature is being dropped). */
  close(signatureKey: number | string, state: OpenRunState): void {
    if (state.tail) this.finalize(signatureKey, state.tail, state.tailAfterRun);
    state.tail = null;
  }

  private append(sequence: RunItem[], item: RunItem): void {
    const previous = sequence[sequence.length - 1];
    if (item && previous && previous.stride === item.stride) previous.diffs += item.diffs;
    else sequence.push(item);
  }

  /** Counts a finished block; returns whether it was a run. Adjacent runs share one string. */
  private finalize(signatureKey: number | string, item: RunItem, afterRun: boolean): boolean {
    if (!item || item.diffs + 1 < this.threshold) return false;
    const count = item.diffs + 1;
    this.runs++;
    this.stringsInRuns += afterRun ? count - 1 : count;
    const groupKey = `${signatureKey}@${item.stride}`;
    const group =
      this.groups.get(groupKey) ??
      this.groups.insert(groupKey, { signatureKey, stride: item.stride, runs: 0, count: 0, order: 0 });
    group.runs++;
    group.count += count;
    this.rememberRun({ start: item.start, count, stride: item.stride, signatureKey });
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
