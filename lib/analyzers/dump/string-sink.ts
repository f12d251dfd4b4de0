/** Where both scanners (JavaScript and WebAssembly) deliver the strings they accept. */

/** Receives accepted strings. `start` is the allocation start: the robj for EMBSTR, else the header. */
export interface StringSink {
  /** `pattern` is the key-pattern hash of key-like strings (else -1); `slot` their hash slot (else -1). */
  add(data: Uint8Array, start: number, type: number, charsStart: number, len: number, alloc: number, pattern: number, slot: number): void;
  /**
   * `count` consecutive accepted strings of one signature and pattern, `stride` bytes apart (the first as
   * in add()); `hashed` of them were hashed to a slot, `foreign` of those to slots the node does not own.
   */
  addRun(
    data: Uint8Array,
    start: number,
    type: number,
    charsStart: number,
    len: number,
    alloc: number,
    pattern: number,
    count: number,
    stride: number,
    hashed: number,
    foreign: number,
  ): void;
  /** Records of the WebAssembly scanner (layout in wasm-sds-scanner.ts), when the sink reads them itself. */
  addRecords?(data: Uint8Array, ints: Int32Array, floats: Float64Array, count: number): void;
}
