/**
 * Derived views (grouped timeline, hypothesis assessments, entry choices) kept while the document
 * parts they come from are the same objects. The incident page's document comes frozen and shared
 * from lib/incidents/document-cache.ts, so a 500-entry timeline is grouped and assessed once per
 * version instead of on every view. Parts that are not frozen could change in place: for them the
 * view is computed every time.
 */
export class DerivedViews<R> {
  private readonly kept = new WeakMap<object, { deps: readonly unknown[]; value: R }>();

  get(key: object, deps: readonly unknown[], compute: () => R): R {
    if (!Object.isFrozen(key)) return compute();
    const kept = this.kept.get(key);
    if (kept && kept.deps.length === deps.length && kept.deps.every((dep, index) => dep === deps[index])) return kept.value;
    const value = compute();
    this.kept.set(key, { deps, value });
    return value;
  }
}
