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

export interface SignatureRecord {
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

export function packSignatures(records: SignatureRecord[]): SignatureBlock {
  const numbers = new Float64Array(records.length * FIELDS);
  const stringKeys: [number, string][] = [];
  const sampleEnds = new Uint32Array(records.length);
  let sampleBytes = 0;
  let itemCount = 0;
  for (const record of records) {
    sampleBytes += record.sample.length;
    itemCount += record.items.length;
  }
  const samples = new Uint8Array(sampleBytes);
  const items = new Float64Array(itemCount * 3);
  let sampleAt = 0;
  let itemAt = 0;
  records.forEach((record, index) => {
    const at = index * FIELDS;
    if (typeof record.key === "string") stringKeys.push([index, record.key]);
    numbers[at] = typeof record.key === "number" ? record.key : NaN;
    numbers[at + 1] = record.type;
    numbers[at + 2] = record.len;
    numbers[at + 3] = record.alloc;
    numbers[at + 4] = record.count;
    numbers[at + 5] = record.sampleAddress;
    numbers[at + 6] = record.first;
    numbers[at + 7] = record.last;
    numbers[at + 8] = itemAt;
    numbers[at + 9] = record.items.length;
    samples.set(record.sample, sampleAt);
    sampleAt += record.sample.length;
    sampleEnds[index] = sampleAt;
    for (const item of record.items) {
      items[itemAt * 3] = item ? item.stride : NaN;
      items[itemAt * 3 + 1] = item ? item.diffs : NaN;
      items[itemAt * 3 + 2] = item ? item.start : NaN;
      itemAt++;
    }
  });
  return { count: records.length, numbers, stringKeys, samples, sampleEnds, items };
}

/** The records of a block, in order. */
export function* unpackSignatures(block: SignatureBlock): Generator<SignatureRecord> {
  const stringKeys = new Map(block.stringKeys);
  const { numbers, items } = block;
  for (let index = 0; index < block.count; index++) {
    const at = index * FIELDS;
    const runItems: RunItem[] = [];
    const itemEnd = numbers[at + 8] + numbers[at + 9];
    for (let item = numbers[at + 8]; item < itemEnd; item++) {
      const stride = items[item * 3];
      runItems.push(Number.isNaN(stride) ? null : { stride, diffs: items[item * 3 + 1], start: items[item * 3 + 2] });
    }
    yield {
      key: stringKeys.get(index) ?? numbers[at],
      type: numbers[at + 1],
      len: numbers[at + 2],
      alloc: numbers[at + 3],
      count: numbers[at + 4],
      sampleAddress: numbers[at + 5],
      sample: block.samples.subarray(index === 0 ? 0 : block.sampleEnds[index - 1], block.sampleEnds[index]),
      first: numbers[at + 6],
      last: numbers[at + 7],
      items: runItems,
    };
  }
}

/** The ArrayBuffers to transfer with a block. */
export function signatureBlockBuffers(block: SignatureBlock): ArrayBuffer[] {
  return [block.numbers.buffer, block.samples.buffer, block.sampleEnds.buffer, block.items.buffer] as ArrayBuffer[];
}
