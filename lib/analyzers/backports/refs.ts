/** Branches and version tags of the upstream repository, grouped into release lines. */
import { InvalidInputError } from "../../errors";
import { runGit } from "../git";
import { compareLines, compareVersions, lineOf, lineOfBranch, parseLine, parseVersion, type Version } from "./versions";

export interface VersionTag {
  name: string;
  commit: string;
  version: Version;
}

export interface BranchRef {
  /** Short name without the remote, e.g. "3.2" or "unstable". */
  name: string;
  /** Full ref, e.g. refs/heads/3.2 or refs/remotes/origin/3.2. */
  ref: string;
  commit: string;
}

export interface RepoRefs {
  tags: VersionTag[];
  /** Local branches first; a remote-tracking branch only when no local one has the name. */
  branches: Map<string, BranchRef>;
}

export const MAIN_BRANCH_NAMES = ["unstable", "main", "master", "develop", "trunk"];

export async function listRefs(repo: string): Promise<RepoRefs> {
  const output = await runGit(repo, [
    "for-each-ref",
    "--format=%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)%00%(refname)",
    "refs/heads",
    "refs/tags",
    "refs/remotes",
  ]);
  const tags: VersionTag[] = [];
  const branches = new Map<string, BranchRef>();
  const remoteBranches = new Map<string, BranchRef>();
  for (const line of output.split("\n")) {
    if (!line) continue;
    const [object, type, peeled, peeledType, ref] = line.split("\0");
    const commit = type === "commit" ? object : peeledType === "commit" ? peeled : null;
    if (!commit) continue;
    if (ref.startsWith("refs/tags/")) {
      const name = ref.slice("refs/tags/".length);
      const version = parseVersion(name);
      if (version) tags.push({ name, commit, version });
    } else if (ref.startsWith("refs/heads/")) {
      const name = ref.slice("refs/heads/".length);
      branches.set(name, { name, ref, commit });
    } else if (ref.startsWith("refs/remotes/")) {
      const name = ref.split("/").slice(3).join("/");
      if (name && name !== "HEAD" && !remoteBranches.has(name)) remoteBranches.set(name, { name, ref, commit });
    }
  }
  for (const [name, branch] of remoteBranches) if (!branches.has(name)) branches.set(name, branch);
  tags.sort((a, b) => compareVersions(a.version, b.version) || a.name.localeCompare(b.name));
  return { tags, branches };
}

export interface ReleaseLine {
  /** "3.2", or the branch name for the main branch ("unstable"). */
  line: string;
  kind: "release" | "main";
  /** The ref whose history is the line: its branch, else its newest tag. */
  tip: { name: string; commit: string; kind: "branch" | "tag" };
  /** Version tags of the line, ascending. */
  tags: VersionTag[];
}

export function mainBranch(refs: RepoRefs, preferred?: string): BranchRef | null {
  if (preferred) return refs.branches.get(preferred) ?? null;
  for (const name of MAIN_BRANCH_NAMES) {
    const branch = refs.branches.get(name);
    if (branch) return branch;
  }
  return null;
}

export function releaseLine(refs: RepoRefs, line: string): ReleaseLine | null {
  const tags = refs.tags.filter((tag) => lineOf(tag.version) === line);
  const branch = [...refs.branches.values()].find((b) => lineOfBranch(b.name) === line);
  if (branch) return { line, kind: "release", tip: { name: branch.name, commit: branch.commit, kind: "branch" }, tags };
  if (tags.length === 0) return null;
  const newest = tags[tags.length - 1];
  return { line, kind: "release", tip: { name: newest.name, commit: newest.commit, kind: "tag" }, tags };
}

/** Every release line that has a branch or a tag. */
export function allLines(refs: RepoRefs): string[] {
  const lines = new Set<string>(refs.tags.map((tag) => lineOf(tag.version)));
  for (const branch of refs.branches.values()) {
    const line = lineOfBranch(branch.name);
    if (line) lines.add(line);
  }
  return [...lines].sort(compareLines);
}

/**
 * The lines to scan: the requested ones (release lines like "4.0" or branch names like "unstable"),
 * or by default the deployed line, every newer line and the main branch.
 */
export function selectLines(refs: RepoRefs, deployedLine: string | null, requested?: string[], preferredMain?: string): ReleaseLine[] {
  const main = mainBranch(refs, preferredMain);
  const selected: ReleaseLine[] = [];
  if (requested && requested.length > 0) {
    for (const name of requested) {
      const trimmed = name.trim();
      if (parseLine(trimmed)) {
        const line = releaseLine(refs, `${parseLine(trimmed)!.major}.${parseLine(trimmed)!.minor}`);
        if (!line) throw new InvalidInputError(`release line ${trimmed} has no branch or version tag`);
        selected.push(line);
        continue;
      }
      const branch = refs.branches.get(trimmed);
      if (!branch) throw new InvalidInputError(`unknown release line or branch "${trimmed}"`);
      selected.push({ line: trimmed, kind: "main", tip: { name: branch.name, commit: branch.commit, kind: "branch" }, tags: [] });
    }
    return selected;
  }
  if (!deployedLine) throw new InvalidInputError("cannot tell the deployed version's release line; pass the lines to scan (--lines 3.2,4.0)");
  for (const line of allLines(refs)) {
    if (compareLines(line, deployedLine) < 0) continue;
    const release = releaseLine(refs, line);
    if (release) selected.push(release);
  }
  if (main) selected.push({ line: main.name, kind: "main", tip: { name: main.name, commit: main.commit, kind: "branch" }, tags: [] });
  return selected;
}
