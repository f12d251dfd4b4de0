/**
 * A chunk's signatures (type, len, alloc, counts, first sample, run items) packed into typed arrays.
 * Chunk results cross from workers to the main thread: structured-cloning tens of thousands of small
 * objects cost as much as a fifth of the scan, while typed arrays are transferred without a copy.
 */
import { RUN_ITEM_NUMBERS, packRunItems, type RunItem } from "./runs";

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
  /** Run items as (stride, diffs, start) triples; a gap marker is three NaNs (see packRunItems). */
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
  /** The sample is the block's samples[sampleFrom, sampleTo). */
  sampleFrom: number;
  sampleTo: number;
  first: number;
  last: number;
  /** The signature's run items: `itemCount` triples of the block's `items` from triple `itemsFrom`. */
  itemsFrom: number;
  itemCount: number;
}

/** A block for `count` signatures and `itemCount` run items, filled by setSignature (and writes to `items`). */
export function emptySignatureBlock(count: number, itemCount: number, samples: Uint8Array): SignatureBlock {
  return {
    count,
    numbers: new Float64Array(count * FIELDS),
    stringKeys: [],
    samples,
    sampleEnds: new Uint32Array(count),
    items: new Float64Array(itemCount * RUN_ITEM_NUMBERS),
  };
}

/** Signature `index` of a block; its sample ends at `sampleEnd` in the block's samples. */
export function setSignature(
  block: SignatureBlock,
  index: number,
  key: number | string,
  type: number,
  len: number,
  alloc: number,
  count: number,
  sampleAddress: number,
  sampleEnd: number,
  first: number,
  last: number,
  itemsFrom: number,
  itemCount: number,
): void {
  const { numbers } = block;
  const at = index * FIELDS;
  if (typeof key === "string") block.stringKeys.push([index, key]);
  numbers[at] = typeof key === "number" ? key : NaN;
  numbers[at + 1] = type;
  numbers[at + 2] = len;
  numbers[at + 3] = alloc;
  numbers[at + 4] = count;
  numbers[at + 5] = sampleAddress;
  numbers[at + 6] = first;
  numbers[at + 7] = last;
  numbers[at + 8] = itemsFrom;
  numbers[at + 9] = itemCount;
  block.sampleEnds[index] = sampleEnd;
}

/** Packs signatures whose samples lie back to back, in the same order, at the start of `samplePool`. */
export function packSignatures(sources: SignatureSource[], samplePool: Uint8Array): SignatureBlock {
  const itemLists = sources.map((source) => source.finish());
  const samples = samplePool.slice(0, sources.length > 0 ? sources[sources.length - 1].sampleTo : 0);
  const block = emptySignatureBlock(sources.length, itemLists.reduce((sum, list) => sum + list.length, 0), samples);
  let itemAt = 0;
  sources.forEach((source, index) => {
    const items = itemLists[index];
    setSignature(block, index, source.key, source.type, source.len, source.alloc, source.count, source.sampleAddress, source.sampleTo, source.first, source.last, itemAt, items.length);
    itemAt = packRunItems(items, block.items, itemAt);
  });
  return block;
}

/** Visits the signatures of a block in order, through one reused view (copy what must outlive the call). */
export function forEachSignature(block: SignatureBlock, visit: (signature: SignatureView) => void): void {
  const stringKeys = block.stringKeys.length > 0 ? new Map(block.stringKeys) : null;
  const { numbers } = block;
  const view: SignatureView = { key: 0, type: 0, len: 0, alloc: 0, count: 0, sampleAddress: 0, sampleFrom: 0, sampleTo: 0, first: 0, last: 0, itemsFrom: 0, itemCount: 0 };
  for (let index = 0; index < block.count; index++) {
    const at = index * FIELDS;
    view.key = stringKeys?.get(index) ?? numbers[at];
    view.type = numbers[at + 1];
    view.len = numbers[at + 2];
    view.alloc = numbers[at + 3];
    view.count = numbers[at + 4];
    view.sampleAddress = numbers[at + 5];
    view.sampleFrom = index === 0 ? 0 : block.sampleEnds[index - 1];
    view.sampleTo = block.sampleEnds[index];
    view.first = numbers[at + 6];
    view.last = numbers[at + 7];
    view.itemsFrom = numbers[at + 8];
    view.itemCount = numbers[at + 9];
    visit(view);
  }
}

/** The ArrayBuffers to transfer with a block. */
export function signatureBlockBuffers(block: SignatureBlock): ArrayBuffer[] {
  return [block.numbers.buffer, block.samples.buffer, block.sampleEnds.buffer, block.items.buffer] as ArrayBuffer[];
}
