/** Entry point of the diff-by-feature ownership review. */
import { InvalidInputError, PayloadTooLargeError } from "../../errors";
import { ownershipConfig } from "./ownership";
import { reviewParsedDiff } from "./review-diff-only";
import { reviewRepository } from "./review-repo";
import type { DiffReviewResult, ReviewOptions } from "./types";
import { parseUnifiedDiff } from "./unified-diff";

export type ReviewInput = { diffText: string } | { repo: string; base: string; head: string };

/** Pasted diffs above this size are refused rather than analysed slowly. */
export const MAX_DIFF_BYTES = 32 * 1024 * 1024;

const IDENTIFIER = /^[A-Za-z_]\w*$/;

function checkNames(kind: string, names: string[] | undefined): string[] {
  const cleaned = (names ?? []).map((name) => name.trim()).filter(Boolean);
  const bad = cleaned.find((name) => !IDENTIFIER.test(name));
  if (bad !== undefined) throw new InvalidInputError(`${kind} must be C identifiers, got "${bad}"`);
  return cleaned;
}

/**
 * Groups a change by file → function, lists callers and callees to read in review order, and reports
 * ownership changes (borrowed → owned with callers that do not release) and double-free risks.
 */
export async function reviewDiff(input: ReviewInput, options: ReviewOptions = {}): Promise<DiffReviewResult> {
  const config = ownershipConfig(checkNames("allocators", options.allocators), checkNames("releasers", options.releasers));
  if ("diffText" in input) {
    if (Buffer.byteLength(input.diffText) > MAX_DIFF_BYTES) {
      throw new PayloadTooLargeError(`diff is larger than ${MAX_DIFF_BYTES / 1024 / 1024} MB`);
    }
    const files = parseUnifiedDiff(input.diffText);
    return reviewParsedDiff(files, config, input.diffText.split("\n").length);
  }
  if (!input.repo || !input.base || !input.head) throw new InvalidInputError("repository review needs repo, base and head");
  return reviewRepository(input.repo, input.base, input.head, config);
}
