/**
 * A counting map that never grows past a limit: when it does, the less frequent half is dropped and
 * remembered only as totals. Frequent entries (what a report lists) survive; an entry dropped and seen
 * again restarts from zero, so listed counts may be low by at most `maxDroppedCount`.
 */
export interface CountedEntry {
  count: number;
  /** First-seen rank, for stable tie-breaking (results must not depend on thread timing). */
  order: number;
}

export interface DroppedTotals {
  entries: number;
  count: number;
  maxDroppedCount: number;
}

export class BoundedTable<K, E extends CountedEntry> {
  readonly map = new Map<K, E>();
  readonly dropped: DroppedTotals = { entries: 0, count: 0, maxDroppedCount: 0 };
  private nextOrder = 0;

  constructor(
    private readonly limit: number,
    private readonly onDrop?: (entry: E) => void,
  ) {}

  get(key: K): E | undefined {
    return this.map.get(key);
  }

  /** Inserts a new entry (its order is assigned here) and prunes if the table is over its limit. */
  insert(key: K, entry: E): E {
    entry.order = this.nextOrder++;
    this.map.set(key, entry);
    if (this.map.size > this.limit) this.prune();
    return entry;
  }

  addDropped(totals: DroppedTotals): void {
    this.dropped.entries += totals.entries;
    this.dropped.count += totals.count;
    this.dropped.maxDroppedCount = Math.max(this.dropped.maxDroppedCount, totals.maxDroppedCount);
  }

  /** Entries by count, most frequent first. */
  sorted(): E[] {
    return [...this.map.values()].sort(byCountThenOrder);
  }

  private prune(): void {
    const keep = Math.floor(this.limit / 2);
    const entries = [...this.map.entries()].sort((a, b) => byCountThenOrder(a[1], b[1]));
    for (const [key, entry] of entries.slice(keep)) {
      this.map.delete(key);
      this.dropped.entries++;
      this.dropped.count += entry.count;
      this.dropped.maxDroppedCount = Math.max(this.dropped.maxDroppedCount, entry.count);
      this.onDrop?.(entry);
    }
  }
}

export function byCountThenOrder(a: CountedEntry, b: CountedEntry): number {
  return b.count - a.count || a.order - b.order;
}
