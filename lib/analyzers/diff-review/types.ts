/** Result shapes of the diff-by-feature review (stable JSON for the CLI, API and UI). */

export interface FunctionRef {
  function: string;
  file: string;
  /** Line of the call site (for callers) or of the definition (for callees). */
  line: number;
}

export interface CalleeRef {
  function: string;
  /** Where the callee is defined, when it could be resolved. */
  file?: string;
  line?: number;
}

export interface FeatureFunction {
  name: string;
  line: number;
  changed: boolean;
  callers: FunctionRef[];
  callees: CalleeRef[];
}

export interface Feature {
  file: string;
  functions: FeatureFunction[];
}

export interface WalkStep {
  step: number;
  file: string;
  function: string;
  line: number;
  reasons: string[];
}

/** What a caller does with a value it now owns: releases it, hands it further up, or nothing. */
export type Disposal = "releases" | "passes-on" | "none";

export interface CallerCheck {
  function: string;
  file: string;
  /** Line of the call. */
  line: number;
  /** Whether the caller itself changed in this diff. */
  updated: boolean;
  /** ownership-change: the caller releases the result; double-free-risk: the caller still releases it. */
  releases: boolean;
  disposal: Disposal;
}

export type FindingKind = "ownership-change" | "double-free-risk";

export interface Finding {
  kind: FindingKind;
  function: string;
  file: string;
  line: number;
  /** How ownership moves: "return value", "keys[] elements", "*out", "o->ptr". */
  channel: string;
  /** ownership-change: the allocations that now escape; double-free-risk: the new release calls. */
  allocations: Array<{ call: string; line: number }>;
  callers: CallerCheck[];
  message: string;
}

export interface DiffReviewResult {
  mode: "diff" | "repo";
  base?: string;
  head?: string;
  features: Feature[];
  walkList: WalkStep[];
  findings: Finding[];
  /** False in diff-only mode: callers outside the diff could not be examined. */
  callersChecked: boolean;
  stats: { files: number; changedFunctions: number; diffLines: number };
}

export interface ReviewOptions {
  /** Added to the standard and project allocator names. */
  allocators?: string[];
  /** Added to the default releaser names. */
  releasers?: string[];
}
