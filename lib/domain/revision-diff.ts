/** One changed field between two snapshots; long text also gets a line-by-line diff. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  lines?: LineChange[];
}

export interface LineChange {
  op: "same" | "add" | "remove";
  text: string;
}

/** Bookkeeping fields that change on every write and say nothing about content. */
const IGNORED_FIELDS = new Set(["version", "updatedAt", "createdAt", "recordedAt", "id"]);

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Field-level diff of two snapshots (null before = created, null after = deleted). */
export function diffSnapshots(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    if (IGNORED_FIELDS.has(field)) continue;
    const a = before?.[field];
    const b = after?.[field];
    if (sameValue(a, b)) continue;
    const change: FieldChange = { field, before: a ?? null, after: b ?? null };
    if ((typeof a === "string" && a.includes("\n")) || (typeof b === "string" && b.includes("\n"))) {
      change.lines = diffLines(typeof a === "string" ? a : "", typeof b === "string" ? b : "");
    }
    changes.push(change);
  }
  return changes;
}

/** Line diff by longest common subsequence; bodies are small enough for the quadratic table. */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  if (a.length * b.length > 4_000_000) {
    return [...a.map((text) => ({ op: "remove" as const, text })), ...b.map((text) => ({ op: "add" as const, text }))];
  }
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: "remove", text: a[i++] });
    } else {
      out.push({ op: "add", text: b[j++] });
    }
  }
  while (i < a.length) out.push({ op: "remove", text: a[i++] });
  while (j < b.length) out.push({ op: "add", text: b[j++] });
  return out;
}
