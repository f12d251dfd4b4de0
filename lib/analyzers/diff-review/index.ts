/** Diff-by-feature ownership review: public API for the CLI, the REST handlers and the UI. */
export { reviewDiff, MAX_DIFF_BYTES, type ReviewInput } from "./review";
export { renderDiffReviewMarkdown, renderDiffReviewText, type MarkdownOptions } from "./markdown";
export { parseUnifiedDiff, type DiffFile, type DiffHunk, type DiffLine } from "./unified-diff";
export { findCFunctions, type CFunction, type CParam } from "./c-functions";
export { DEFAULT_ALLOCATORS, DEFAULT_RELEASERS, STANDARD_ALLOCATORS } from "./ownership";
export { assertRepoAllowed } from "../backports/repo-guard";
export type * from "./types";
