/** Options and result shapes of the backport scanner (stable JSON for the CLI, API and UI). */
import type { FixKind } from "./classify";

export interface ScanBackportsOptions {
  /** Local clone of the upstream project (with the fork's branch, when --fork is used). */
  repo: string;
  /** Deployed version: a tag such as 3.2.8 or any commit. */
  deployed: string;
  /** The fork's branch or commit, to tell which missing fixes it carries and where it overlaps. */
  fork?: string;
  /** Release lines ("3.2", "4.0") or branch names ("unstable"); default: deployed line, newer lines, main branch. */
  lines?: string[];
  /** Extra candidate patterns (case-insensitive regular expressions) on top of leak/free/fd/… */
  extraPatterns?: string[];
  /** Name of the main development branch when it is not unstable/main/master/develop/trunk. */
  mainBranch?: string;
}

export interface FixCommit {
  hash: string;
  /** The first line (oldest release line first) whose branch carries this commit. */
  branch: string;
  branches: string[];
}

export interface BackportFix {
  subject: string;
  kind: FixKind;
  commits: FixCommit[];
  /** First release containing the fix: on the deployed line when it has one, else the lowest version. */
  firstTag: string | null;
  /** First release containing the fix on each release line. */
  firstTags: Record<string, string>;
  presentInDeployed: boolean;
  /** How the deployed version has it: the same commit, an equal patch (cherry-pick), or a -x trailer. */
  presentVia?: "ancestry" | "patch-id" | "cherry-pick";
  presentInFork?: boolean;
  files: string[];
  functions: string[];
  /** Files and functions of the fix that the fork's own commits also modify. */
  forkOverlap?: { files: string[]; functions: string[] };
  patchId: string | null;
}

export interface BackportScanResult {
  deployed: { ref: string; commit: string; version: string | null; line: string | null };
  fork?: { ref: string; commit: string };
  lines: Array<{ line: string; ref: string; refKind: "branch" | "tag"; commit: string; tags: number }>;
  /** Fixes the deployed version lacks, most relevant first. */
  fixes: BackportFix[];
  /** Fixes the deployed version already has. */
  present: BackportFix[];
  stats: {
    commitsScanned: number;
    candidates: number;
    forkCommits: number;
    patchIdComparisons: number;
    elapsedMs: number;
    timingsMs: Record<string, number>;
  };
}
