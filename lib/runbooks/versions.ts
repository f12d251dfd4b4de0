/**
 * Versions as facts give them — `3.2.8`, `v7.0.15`, `4.0-rc1`, `5.10.0-23-amd64` (a kernel),
 * `5.3.0-0-g54eaed1d` (jemalloc) — compared as versions, and the ranges step conditions use:
 * `<4.0`, `>=6.2`, `>=4.0 <7.0` (all must hold), `<4.0 || >=6.2` (either side).
 * Ordering reuses the backport scanner's rules (pre-releases sort before their release).
 */
import { compareVersions, type Version } from "../analyzers/backports/versions";

// Leading numbers only: distribution and build suffixes (`-23-amd64`, `-0-g54eaed1d`) are not part of
// the order. A pre-release label must not run into more letters, so `-amd64` is never read as `-a`.
const LOOSE_VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-.~]?(alpha|beta|pre|rc)\.?(\d*))?(?![A-Za-z])/i;
const PRE_RANK: Record<string, number> = { alpha: 0, beta: 1, pre: 2, rc: 3 };

/** `exact`: the whole text must be the version (range bounds); otherwise a suffix is ignored (facts). */
export function parseLooseVersion(text: string, exact = false): Version | null {
  const match = LOOSE_VERSION.exec(text.trim());
  if (!match || (exact && match[0] !== text.trim())) return null;
  const [, major, minor, patch, label, number] = match;
  return {
    major: Number(major),
    minor: minor === undefined ? 0 : Number(minor),
    patch: patch === undefined ? 0 : Number(patch),
    pre: label ? { rank: PRE_RANK[label.toLowerCase()], label: label.toLowerCase(), number: number ? Number(number) : 0 } : null,
    raw: text.trim(),
  };
}

export const compareLooseVersions = compareVersions;

/** "3.2" for 3.2.8: the release line past incidents are matched on. */
export function releaseLine(version: Version): string {
  return `${version.major}.${version.minor}`;
}

export type Comparator = "<" | "<=" | ">" | ">=" | "=";

export interface VersionBound {
  op: Comparator;
  version: Version;
}

/** Alternatives (`||`), each a list of bounds that must all hold. */
export interface VersionRange {
  text: string;
  alternatives: VersionBound[][];
}

const BOUND = /^(<=|>=|<|>|=)?\s*(\S+)$/;

/** Parses a range, or returns the reason it cannot be read (shown as `file:line: …` by the content check). */
export function parseVersionRange(text: string): VersionRange | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: "an empty version range; write e.g. \">=4.0\" or \"<4.0 || >=6.2\"" };
  const alternatives: VersionBound[][] = [];
  for (const part of trimmed.split("||")) {
    // "< 4.0" and "<4.0" both read; a comma separates bounds like a space does.
    const tokens = part.replace(/(<=|>=|<|>|=)\s+/g, "$1").split(/[\s,]+/).filter(Boolean);
    if (tokens.length === 0) return { error: `"${trimmed}" has an empty side of "||"` };
    const bounds: VersionBound[] = [];
    for (const token of tokens) {
      const match = BOUND.exec(token);
      const version = match ? parseLooseVersion(match[2], true) : null;
      if (!match || !version) {
        const where = token === trimmed ? `"${token}"` : `"${token}" in "${trimmed}"`;
        return { error: `${where} is not a comparison with a version (use <, <=, >, >=, = and numbers like 4.0 or 7.0.15)` };
      }
      bounds.push({ op: (match[1] ?? "=") as Comparator, version });
    }
    alternatives.push(bounds);
  }
  return { text: trimmed, alternatives };
}

export function isVersionRange(value: VersionRange | { error: string }): value is VersionRange {
  return "alternatives" in value;
}

function holds(version: Version, bound: VersionBound): boolean {
  const order = compareVersions(version, bound.version);
  switch (bound.op) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "=":
      return order === 0;
  }
}

const OPPOSITE: Record<Comparator, string> = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=" };

/**
 * Whether `version` is in the range, with the clause a reader can check: "3.2.8 < 4.0" when a bound
 * fails (the failing bound turned around), or the satisfied bounds when it holds.
 */
export function matchVersionRange(version: Version, range: VersionRange): { matches: boolean; clause: string } {
  const failures: string[] = [];
  for (const bounds of range.alternatives) {
    const failing = bounds.find((bound) => !holds(version, bound));
    if (!failing) return { matches: true, clause: bounds.map((bound) => `${version.raw} ${bound.op} ${bound.version.raw}`).join(" and ") };
    failures.push(`${version.raw} ${OPPOSITE[failing.op]} ${failing.version.raw}`);
  }
  return { matches: false, clause: failures.join(" and ") };
}
