/**
 * Request bodies of POST /api/v1/analyze/backports and /api/v1/analyze/diff, validated and turned
 * into analysis jobs. Repository paths pass the CASEBOOK_REPO_ROOTS guard before git sees them; the
 * analyzers themselves run git without a shell and check every revision.
 */
import path from "node:path";
import { z } from "zod";
import { classifyPastedLog, scanBackports } from "../analyzers/backports/index";
import { assertRepoAllowed } from "../analyzers/backports/repo-guard";
import { reviewDiff } from "../analyzers/diff-review/review";
import { slugSchema } from "../domain/common";
import { InvalidInputError } from "../errors";
import type { AnalysisEvidence } from "../evidence/attach";
import { backportScanEvidence, diffReviewEvidence, pastedLogEvidence } from "../evidence/analyzer-reports";
import { parseInput } from "../validation/parse";

/** Pasted diffs and logs of a large release fit; anything larger belongs to the CLI (64 MB). */
export const ANALYZE_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

export const attachOptionSchema = z
  .object({
    slug: slugSchema,
    title: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters").optional(),
  })
  .strict();
export type AttachOption = z.infer<typeof attachOptionSchema>;

function text(what: string, max: number) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value.trim().length > 0, `must not be empty (${what})`);
}

const revision = (what: string) => text(what, 256).transform((value) => value.trim());
const repoPath = text("an absolute path to a Git repository on the server", 4096);
const nameList = z.array(z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters")).max(200, "at most 200 names");

const pastedLogRequestSchema = z.object({ log: text("paste a git log or release notes", ANALYZE_BODY_LIMIT_BYTES), attach: attachOptionSchema.optional() }).strict();

const backportScanRequestSchema = z
  .object({
    repo: repoPath,
    version: revision("the deployed tag or commit"),
    fork: revision("the fork's branch or commit").optional(),
    /** "3.2,4.0,unstable" (as on the CLI) or ["3.2", "4.0"]; empty means the default lines. */
    lines: z.union([z.string().max(1000, "must be at most 1000 characters"), z.array(z.string().max(64, "must be at most 64 characters")).max(50, "at most 50 lines")]).optional(),
    main: revision("the main branch name").optional(),
    attach: attachOptionSchema.optional(),
  })
  .strict();

const diffTextRequestSchema = z
  .object({
    diff: text("paste a unified diff", ANALYZE_BODY_LIMIT_BYTES),
    allocators: nameList.optional(),
    releasers: nameList.optional(),
    attach: attachOptionSchema.optional(),
  })
  .strict();

const diffRepoRequestSchema = z
  .object({
    repo: repoPath,
    base: revision("the base ref"),
    head: revision("the head ref"),
    allocators: nameList.optional(),
    releasers: nameList.optional(),
    attach: attachOptionSchema.optional(),
  })
  .strict();

/** A validated request: where to file the result (if anywhere) and how to compute it. */
export interface AnalysisJob {
  attach?: AttachOption;
  run(): Promise<{ result: unknown; evidence(title?: string): AnalysisEvidence }>;
}

/** The configured CASEBOOK_REPO_ROOTS as written (the guard resolves them), for the pages to show. */
export function configuredRepoRoots(env: Env): string[] {
  return (env.CASEBOOK_REPO_ROOTS ?? "")
    .split(":")
    .map((root) => root.trim())
    .filter((root) => path.isAbsolute(root));
}

function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidInputError("the request body must be a JSON object");
  return body as Record<string, unknown>;
}

function lineList(lines: string | string[] | undefined): string[] | undefined {
  const items = (typeof lines === "string" ? lines.split(",") : (lines ?? [])).map((line) => line.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export function backportsJob(body: unknown, env: Env): AnalysisJob {
  const fields = jsonObject(body);
  if ("log" in fields) {
    if (["repo", "version", "fork", "lines", "main"].some((key) => key in fields)) {
      throw new InvalidInputError("send either {log} or {repo, version, …}, not both");
    }
    const request = parseInput(pastedLogRequestSchema, fields, "backport request");
    return {
      attach: request.attach,
      async run() {
        const result = classifyPastedLog(request.log);
        return { result, evidence: (title) => pastedLogEvidence(result, title) };
      },
    };
  }
  if (!("repo" in fields)) {
    throw new InvalidInputError("send {repo, version} to scan a repository, or {log} to classify a pasted git log or release notes");
  }
  const request = parseInput(backportScanRequestSchema, fields, "backport request");
  return {
    attach: request.attach,
    async run() {
      const repo = await assertRepoAllowed(request.repo, env);
      const result = await scanBackports({ repo, deployed: request.version, fork: request.fork, lines: lineList(request.lines), mainBranch: request.main });
      return { result, evidence: (title) => backportScanEvidence(result, title) };
    },
  };
}

export function diffReviewJob(body: unknown, env: Env): AnalysisJob {
  const fields = jsonObject(body);
  if ("diff" in fields) {
    if (["repo", "base", "head"].some((key) => key in fields)) throw new InvalidInputError("send either {diff} or {repo, base, head}, not both");
    const request = parseInput(diffTextRequestSchema, fields, "diff review request");
    return {
      attach: request.attach,
      async run() {
        const result = await reviewDiff({ diffText: request.diff }, { allocators: request.allocators, releasers: request.releasers });
        return { result, evidence: (title) => diffReviewEvidence(result, title) };
      },
    };
  }
  if (!("repo" in fields)) throw new InvalidInputError("send {diff} with a unified diff, or {repo, base, head} to review a range of a repository");
  const request = parseInput(diffRepoRequestSchema, fields, "diff review request");
  return {
    attach: request.attach,
    async run() {
      const repo = await assertRepoAllowed(request.repo, env);
      const result = await reviewDiff({ repo, base: request.base, head: request.head }, { allocators: request.allocators, releasers: request.releasers });
      return { result, evidence: (title) => diffReviewEvidence(result, title) };
    },
  };
}
