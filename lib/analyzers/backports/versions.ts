/**
 * Release versions and release lines. Tags such as `3.2.8`, `v3.2.8`, `4.0-rc1`, `4.0.0-rc2` compare
 * as versions (pre-releases before the release); branches such as `3.2`, `release/3.2`, `3.2-stable`
 * name a release line.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release label rank (alpha < beta < rc) and number; null for a release. */
  pre: { rank: number; label: string; number: number } | null;
  raw: string;
}

const PRE_RANK: Record<string, number> = { alpha: 0, a: 0, beta: 1, b: 1, pre: 2, rc: 3 };
const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]?(alpha|beta|pre|rc|a|b)\.?(\d*))?$/i;

export function parseVersion(name: string): Version | null {
  const match = VERSION.exec(name.trim());
  if (!match) return null;
  const [, major, minor, patch, label, number] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    patch: patch === undefined ? 0 : Number(patch),
    pre: label ? { rank: PRE_RANK[label.toLowerCase()], label: label.toLowerCase(), number: number ? Number(number) : 0 } : null,
    raw: name,
  };
}

export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (!a.pre || !b.pre) return (a.pre ? -1 : 0) - (b.pre ? -1 : 0);
  return a.pre.rank - b.pre.rank || a.pre.number - b.pre.number;
}

export function compareVersionNames(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return compareVersions(va, vb);
  if (va) return -1;
  if (vb) return 1;
  return a.localeCompare(b);
}

/** "3.2" for 3.2.8, v3.2.0-rc1, … */
export function lineOf(version: Version): string {
  return `${version.major}.${version.minor}`;
}

export function parseLine(name: string): { major: number; minor: number } | null {
  const match = /^v?(\d+)\.(\d+)$/.exec(name.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

export function compareLines(a: string, b: string): number {
  const la = parseLine(a);
  const lb = parseLine(b);
  if (!la || !lb) return a.localeCompare(b);
  return la.major - lb.major || la.minor - lb.minor;
}

/** Release line named by a branch: `3.2`, `v3.2`, `3.2.x`, `3.2-stable`, `release/3.2`, `release-3.2`. */
export function lineOfBranch(branch: string): string | null {
  const match = /^(?:release[-/])?v?(\d+)\.(\d+)(?:\.x|-stable|-branch)?$/i.exec(branch);
  return match ? `${Number(match[1])}.${Number(match[2])}` : null;
}
