/**
 * Groups candidate commits into fixes (the same change on several branches: equal `git patch-id
 * --stable`, or a `cherry picked from commit` trailer), decides presence in the deployed version and
 * the fork, and ranks what is missing.
 */
import type { FixKind } from "./classify";
import { KIND_RANK } from "./classify";
import type { CommitDiff } from "./commit-diffs";
import type { BackportFix, FixCommit } from "./types";
import { compareVersionNames } from "./versions";

export interface CommitFacts {
  hash: string;
  subject: string;
  message: string;
  authorTime: number;
  patchId: string | null;
  cherryPickedFrom: string[];
  diff: CommitDiff | null;
  inDeployed: boolean;
  inFork: boolean;
  /** Reachable from one of the scanned upstream lines. */
  upstream: boolean;
  /** Scanned lines whose tip contains the commit. */
  branches: string[];
  firstTags: Record<string, string>;
  /** Its message matched the fix patterns. */
  candidate: boolean;
  /** One of the fork's own commits (not upstream, not in the deployed version). */
  forkOwn: boolean;
}

export interface BuildContext {
  classify: (message: string, diff: CommitDiff | null) => FixKind;
  deployedLine: string | null;
  mainLine: string | null;
  /** Whether a fork was given; its own commits are the `forkOwn` facts. */
  forkGiven: boolean;
}

class UnionFind {
  private parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function groupCommits(commits: CommitFacts[]): CommitFacts[][] {
  const sets = new UnionFind(commits.length);
  const byPatch = new Map<string, number>();
  const byHash = new Map<string, number>();
  commits.forEach((commit, i) => {
    byHash.set(commit.hash, i);
    if (!commit.patchId) return;
    const first = byPatch.get(commit.patchId);
    if (first === undefined) byPatch.set(commit.patchId, i);
    else sets.union(first, i);
  });
  commits.forEach((commit, i) => {
    for (const origin of commit.cherryPickedFrom) {
      const exact = byHash.get(origin);
      const target = exact ?? (origin.length < 40 ? commits.findIndex((other) => other.hash.startsWith(origin)) : -1);
      if (target !== undefined && target >= 0) sets.union(i, target);
    }
  });
  const groups = new Map<number, CommitFacts[]>();
  commits.forEach((commit, i) => {
    const root = sets.find(i);
    groups.set(root, [...(groups.get(root) ?? []), commit]);
  });
  return [...groups.values()];
}

function mergeFirstTags(members: CommitFacts[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const member of members) {
    for (const [line, tag] of Object.entries(member.firstTags)) {
      if (!merged[line] || compareVersionNames(tag, merged[line]) < 0) merged[line] = tag;
    }
  }
  return merged;
}

function presenceVia(members: CommitFacts[]): BackportFix["presentVia"] {
  const deployed = members.filter((m) => m.inDeployed);
  if (deployed.length === 0) return undefined;
  if (deployed.some((m) => m.candidate)) return "ancestry";
  const candidatePatches = new Set(members.filter((m) => !m.inDeployed && m.patchId).map((m) => m.patchId));
  return deployed.some((m) => m.patchId && candidatePatches.has(m.patchId)) ? "patch-id" : "cherry-pick";
}

function overlapScore(fix: BackportFix): number {
  if (!fix.forkOverlap) return 0;
  return fix.forkOverlap.functions.length * 2 + (fix.forkOverlap.files.length > 0 ? 1 : 0);
}

export function compareFixes(a: BackportFix, b: BackportFix): number {
  return (
    overlapScore(b) - overlapScore(a) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    (a.firstTag && b.firstTag ? compareVersionNames(a.firstTag, b.firstTag) : a.firstTag ? -1 : b.firstTag ? 1 : 0) ||
    a.subject.localeCompare(b.subject)
  );
}

export function buildFixes(commits: CommitFacts[], context: BuildContext): { fixes: BackportFix[]; present: BackportFix[] } {
  const fixes: BackportFix[] = [];
  const present: BackportFix[] = [];
  const forkCommits = commits.filter((commit) => commit.forkOwn);

  for (const members of groupCommits(commits)) {
    if (!members.some((m) => m.candidate)) continue;
    const carriers = members.filter((m) => !m.forkOwn).sort((a, b) => a.authorTime - b.authorTime || a.hash.localeCompare(b.hash));
    if (carriers.length === 0) continue;
    const representative =
      carriers.find((m) => m.candidate && context.mainLine !== null && m.branches.includes(context.mainLine)) ??
      carriers.find((m) => m.candidate) ??
      carriers[0];
    const withDiff = representative.diff ? representative : (carriers.find((m) => m.diff) ?? representative);
    const diff = withDiff.diff;
    const firstTags = mergeFirstTags(carriers);
    const lowest = Object.values(firstTags).sort(compareVersionNames)[0] ?? null;
    const commitsOut: FixCommit[] = carriers.map((m) => {
      const branches = m.branches.length ? m.branches : [m.inDeployed ? (context.deployedLine ?? "deployed") : "fork"];
      // A commit that is on the main branch was made there; release lines got it by branching.
      const branch = context.mainLine && branches.includes(context.mainLine) ? context.mainLine : branches[0];
      return { hash: m.hash, branch, branches };
    });
    const functions = diff?.functions ?? [];
    const fix: BackportFix = {
      subject: representative.subject,
      kind: context.classify(representative.message, diff),
      commits: commitsOut,
      firstTag: (context.deployedLine ? firstTags[context.deployedLine] : undefined) ?? lowest,
      firstTags,
      presentInDeployed: members.some((m) => m.inDeployed),
      files: diff?.files ?? [],
      functions: [...new Set(functions.map((fn) => fn.name))],
      patchId: representative.patchId ?? withDiff.patchId,
    };
    const via = presenceVia(members);
    if (via) fix.presentVia = via;
    if (context.forkGiven) {
      fix.presentInFork = members.some((m) => m.inFork || m.forkOwn);
      // The fork's own changes, minus its copies of this very fix.
      const others = forkCommits.filter((commit) => !members.includes(commit));
      const forkFiles = new Set(others.flatMap((commit) => commit.diff?.files ?? []));
      const forkFunctions = new Set(others.flatMap((commit) => commit.diff?.functions ?? []).map((fn) => `${fn.file}\0${fn.name}`));
      fix.forkOverlap = {
        files: fix.files.filter((file) => forkFiles.has(file)),
        functions: [...new Set(functions.filter((fn) => forkFunctions.has(`${fn.file}\0${fn.name}`)).map((fn) => fn.name))],
      };
    }
    (fix.presentInDeployed ? present : fixes).push(fix);
  }
  fixes.sort(compareFixes);
  present.sort((a, b) => (a.firstTag && b.firstTag ? compareVersionNames(a.firstTag, b.firstTag) : 0) || a.subject.localeCompare(b.subject));
  return { fixes, present };
}
