/**
 * A chunk's signatures (type, len, alloc, counts, first sample, run items) packed into typed arrays.
 * Chunk results cross from workers to the main thread: structured-cloning tens of thousands of small
 * objects cost as much as a fifth of the scan, while typed arrays are transferred without a copy.
 */
import type { RunItem } from "./runs";

/** Per signature: key, type, len, alloc, count, sample address, first, last, items start, items length. */
const FIELDS = 10;

export interface SignatureBlock {
  count: number;
  numbers: Float64Array;
  /** Keys too large for a number ("type:len:alloc"), by signature index. */
  stringKeys: [number, string][];
  /** Header and first characters of each signature's first string, back to back. */
  samples: Uint8Array;
  sampleEnds: Uint32Array;
  /** Run items as (stride, diffs, start) triples; a gap marker is three NaNs. */
  items: Float64Array;
}

/** What packing needs of a chunk's signature (ChunkCollector's state objects). */
export interface SignatureSource {
  key: number | string;
  type: number;
  len: number;
  alloc: number;
  count: number;
  sampleAddress: number;
  /** End of this signature's sample in the sample pool (samples are back to back, in signature order). */
  sampleTo: number;
  first: number;
  last: number;
  finish(): RunItem[];
}

/** One signature of a block, as seen by forEachSignature (the object is reused between calls). */
export interface SignatureView {
  key: number | string;
  type: number;
  len: number;
  alloc: number;
  count: number;
  sampleAddress: number;
  sample: Uint8Array;
  first: number;
  last: number;
  items: RunItem[];
}

/** Packs signatures whose samples lie back to back, in the same order, at the start of `samplePool`. */
export function packSignatures(sources: SignatureSource[], samplePool: Uint8Array): SignatureBlock {
  const numbers = new Float64Array(sources.length * FIELDS);
  const stringKeys: [number, string][] = [];
  const sampleEnds = new Uint32Array(sources.length);
  const itemLists = sources.map((source) => source.finish());
  const items = new Float64Array(itemLists.reduce((sum, list) => sum + list.length, 0) * 3);
  let itemAt = 0;
  sources.forEach((source, index) => {
    const at = index * FIELDS;
    if (typeof source.key === "string") stringKeys.push([index, source.key]);
    numbers[at] = typeof source.key === "number" ? source.key : NaN;
    numbers[at + 1] = source.type;
    numbers[at + 2] = source.len;
    numbers[at + 3] = source.alloc;
    numbers[at + 4] = source.count;
    numbers[at + 5] = source.sampleAddress;
    numbers[at + 6] = source.first;
    numbers[at + 7] = source.last;
    numbers[at + 8] = itemAt;
    numbers[at + 9] = itemLists[index].length;
    sampleEnds[index] = source.sampleTo;
    for (const item of itemLists[index]) {
      items[itemAt * 3] = item ? item.stride : NaN;
      items[itemAt * 3 + 1] = item ? item.diffs : NaN;
      items[itemAt * 3 + 2] = item ? item.start : NaN;
      itemAt++;
    }
  });
  const samples = samplePool.slice(0, sources.length > 0 ? sampleEnds[sources.length - 1] : 0);
  return { count: sources.length, numbers, stringKeys, samples, sampleEnds, items };
}

const NO_ITEMS: RunItem[] = [];

/** Visits the signatures of a block in order, through one reused view (copy what must outlive the call). */
export function forEachSignature(block: SignatureBlock, visit: (signature: SignatureView) => void): void {
  const stringKeys = block.stringKeys.length > 0 ? new Map(block.stringKeys) : null;
  const { numbers, items } = block;
  const view: SignatureView = { key: 0, type: 0, len: 0, alloc: 0, count: 0, sampleAddress: 0, sample: block.samples, first: 0, last: 0, items: NO_ITEMS };
  for (let index = 0; index < block.count; index++) {
    const at = index * FIELDS;
    const itemStart = numbers[at + 8];
    const itemCount = numbers[at + 9];
    let runItems = NO_ITEMS;
    if (itemCount > 0) {
      runItems = [];
      for (let item = itemStart; item < itemStart + itemCount; item++) {
        const stride = items[item * 3];
        runItems.push(Number.isNaN(stride) ? null : { stride, diffs: items[item * 3 + 1], start: items[item * 3 + 2] });
      }
    }
    view.key = stringKeys?.get(index) ?? numbers[at];
    view.type = numbers[at + 1];
    view.len = numbers[at + 2];
    view.alloc = numbers[at + 3];
    view.count = numbers[at + 4];
    view.sampleAddress = numbers[at + 5];
    view.sample = block.samples.subarray(index === 0 ? 0 : block.sampleEnds[index - 1], block.sampleEnds[index]);
    view.first = numbers[at + 6];
    view.last = numbers[at + 7];
    view.items = runItems;
    visit(view);
  }
}

/** The ArrayBuffers to transfer with a block. */
export function signatureBlockBuffers(block: SignatureBlock): ArrayBuffer[] {
  return [block.numbers.buffer, block.samples.buffer, block.sampleEnds.buffer, block.items.buffer] as ArrayBuffer[];
}
