/**
 * Which `alloc` convention a dump's sdshdr8..64 strings show. Up to Redis 6.0 a new string has
 * alloc == len; from 6.2 alloc is the allocator's usable size, so a string that needs part of a jemalloc
 * size class carries the rest of the class in alloc (84 characters: 3 + 84 + 1 = 88 bytes, class 96,
 * alloc 92). Neither version can be told apart by a string that fills its class exactly, and 6.2+ also has
 * alloc == len where a string was trimmed to size (values, measured on 7.0.15), or alloc > len where it
 * grew by appends. So strings are sorted into four kinds, and only "usable size" is a version's signature.
 */
import { HEADER_SIZES } from "./types";

/** Per string kind, in this order: alloc == len filling its size class, alloc == len otherwise, alloc = the class's usable size, anything else above len. */
export const ALLOC_KINDS = ["exactFit", "equalLen", "usableSize", "grown"] as const;
export type AllocKind = (typeof ALLOC_KINDS)[number];
const EXACT_FIT = 0;
const EQUAL_LEN = 1;
const USABLE_SIZE = 2;
const GROWN = 3;
/** Above this, sizes are not worth classing (and would lose precision as doubles). */
const LARGEST_CLASSED = 2 ** 40;

/** The jemalloc 5 size class (16-byte quantum, Redis's default allocator on x86-64) that serves `bytes`. */
export function jemallocSizeClass(bytes: number): number {
  if (bytes <= 8) return 8;
  if (bytes <= 128) return Math.ceil(bytes / 16) * 16;
  // Four classes per doubling: (2^k, 2^(k+1)] in steps of 2^(k-2).
  let k = Math.floor(Math.log2(bytes - 1));
  if (2 ** k > bytes - 1) k--;
  else if (2 ** (k + 1) <= bytes - 1) k++;
  const step = 2 ** (k - 2);
  return Math.ceil(bytes / step) * step;
}

/** The kind (index into ALLOC_KINDS) of an sdshdr8..64 string (`type` 1 to 4). */
export function allocKind(type: number, len: number, alloc: number): number {
  if (alloc > LARGEST_CLASSED) return alloc === len ? EQUAL_LEN : GROWN;
  const header = HEADER_SIZES[type] + 1;
  const sizeClass = jemallocSizeClass(header + len);
  if (alloc === len) return header + len === sizeClass ? EXACT_FIT : EQUAL_LEN;
  return header + alloc === sizeClass ? USABLE_SIZE : GROWN;
}

export type AllocStyle = "alloc==len (Redis ≤ 6.0 style)" | "alloc>len (Redis ≥ 6.2 style)" | "mixed" | "unknown";

/**
 * The convention from the four counts: usable-size strings are the 6.2+ signature (rare by chance before:
 * a string grown by appends has about twice its length); without them, strings with alloc == len that do
 * not fill their class point to 6.0 or older.
 */
export function allocStyle(counts: readonly number[]): AllocStyle {
  const usable = counts[USABLE_SIZE];
  const equal = counts[EQUAL_LEN];
  const grown = counts[GROWN];
  if (usable + equal + grown === 0) return "unknown";
  if (usable > 0 && usable >= 0.1 * (usable + equal)) return "alloc>len (Redis ≥ 6.2 style)";
  if (usable <= 0.01 * (usable + equal) && equal >= grown) return "alloc==len (Redis ≤ 6.0 style)";
  return "mixed";
}
