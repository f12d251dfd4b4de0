/**
 * Review of a pasted diff without a repository: functions are reconstructed from the hunks (old side
 * = context + removed lines, new side = context + added lines), ownership is compared on what is
 * visible, and callers can only be found among the other functions the diff shows.
 */
import { cleanCSource, lineOfOffset, lineStarts } from "./c-source";
import { findCalls, type CCall, type CSignature } from "./c-functions";
import { findingsForFunction } from "./callers";
import { C_FILE } from "./c-index";
import { signatureFromHunkContext, splitHunkByFunction, type HunkFunctionSpan } from "./hunk-functions";
import { summarizeOwnership, type BodyView, type OwnershipConfig } from "./ownership";
import type { DiffReviewResult, Finding } from "./types";
import type { DiffFile } from "./unified-diff";
import { assembleFeatures, buildWalkList, type AnalyzedFunction } from "./walk-list";

const FILE_SCOPE = "(file scope)";

interface SideLine {
  text: string;
  line: number;
}

interface FunctionFragment {
  file: string;
  name: string;
  changed: boolean;
  oldLines: SideLine[];
  newLines: SideLine[];
  oldSignature: CSignature | null;
  newSignature: CSignature | null;
  /** Declarator visible only as an added line: the function is new. */
  added: boolean;
  /** Declarator visible only as a removed line: the function was deleted. */
  removed: boolean;
  /** New-side line of the declarator, when visible. */
  declaratorLine?: number;
  newView?: BodyView;
}

function fragmentsOfFile(file: DiffFile): FunctionFragment[] {
  const fragments = new Map<string, FunctionFragment>();
  const isC = C_FILE.test(file.path);
  for (const hunk of file.hunks) {
    const spans: HunkFunctionSpan[] = isC
      ? splitHunkByFunction(hunk)
      : [{ signature: signatureFromHunkContext(hunk.context), declaredInHunk: false, lines: hunk.lines }];
    for (const span of spans) {
      const name = span.signature?.name ?? (isC ? FILE_SCOPE : hunk.context.trim() || FILE_SCOPE);
      let fragment = fragments.get(name);
      if (!fragment) {
        fragment = { file: file.path, name, changed: false, oldLines: [], newLines: [], oldSignature: null, newSignature: null, added: false, removed: false };
        fragments.set(name, fragment);
      }
      if (span.declaredInHunk) {
        if (span.declaratorKind !== "+") fragment.oldSignature = span.signature;
        if (span.declaratorKind !== "-") {
          fragment.newSignature = span.signature;
          fragment.declaratorLine = span.lines[0]?.newLine;
        }
      } else {
        fragment.oldSignature ??= span.signature;
        fragment.newSignature ??= span.signature;
      }
      fragment.added = Boolean(fragment.newSignature && !fragment.oldSignature);
      fragment.removed = Boolean(fragment.oldSignature && !fragment.newSignature);
      for (const line of span.lines) {
        if (line.kind !== " ") fragment.changed = true;
        if (line.kind !== "+") fragment.oldLines.push({ text: line.text, line: line.oldLine! });
        if (line.kind !== "-") fragment.newLines.push({ text: line.text, line: line.newLine! });
      }
    }
  }
  return [...fragments.values()].filter((fragment) => fragment.changed);
}

function fragmentView(name: string, lines: SideLine[], signature: CSignature | null): BodyView {
  const text = cleanCSource(lines.map((line) => line.text).join("\n"));
  const starts = lineStarts(text);
  const lineAt = (offset: number) => lines[lineOfOffset(starts, offset) - 1]?.line ?? 0;
  // A visible declarator looks like a call of the function itself; recursion is irrelevant here too.
  const calls: CCall[] = findCalls(text, 0, text.length, lineAt).filter((call) => call.name !== name);
  return { text, from: 0, to: text.length, lineAt, params: signature?.params ?? [], paramsKnown: Boolean(signature?.paramsComplete), calls };
}

export function reviewParsedDiff(files: DiffFile[], config: OwnershipConfig, diffLines: number): DiffReviewResult {
  const fragments = files.flatMap(fragmentsOfFile);
  const findings: Finding[] = [];
  const byName = new Map<string, FunctionFragment>();
  for (const fragment of fragments) {
    if (fragment.name !== FILE_SCOPE && !byName.has(fragment.name)) byName.set(fragment.name, fragment);
  }

  for (const fragment of fragments) {
    if (fragment.name === FILE_SCOPE || !C_FILE.test(fragment.file)) continue;
    fragment.newView = fragmentView(fragment.name, fragment.newLines, fragment.newSignature);
    if (fragment.added || fragment.removed) continue; // ownership of a brand-new function is not a *change*
    const oldView = fragmentView(fragment.name, fragment.oldLines, fragment.oldSignature);
    findings.push(
      ...findingsForFunction(
        {
          name: fragment.name,
          file: fragment.file,
          line: fragment.declaratorLine ?? fragment.newLines[0]?.line ?? 0,
          base: summarizeOwnership(oldView, config),
          head: summarizeOwnership(fragment.newView, config),
        },
        null,
        config,
      ),
    );
  }

  const analyzed: AnalyzedFunction[] = fragments.map((fragment) => {
    const calls = fragment.newView?.calls ?? [];
    const callees = [...new Set(calls.map((call) => call.name))]
      .filter((name) => name !== fragment.name)
      .map((name) => {
        const defined = byName.get(name);
        const line = defined?.declaratorLine ?? defined?.newLines[0]?.line;
        return defined && line !== undefined ? { function: name, file: defined.file, line } : { function: name };
      });
    const callers = fragments
      .filter((other) => other !== fragment && other.name !== FILE_SCOPE && fragment.name !== FILE_SCOPE)
      .flatMap((other) => {
        const call = other.newView?.calls?.find((c) => c.name === fragment.name);
        return call ? [{ function: other.name, file: other.file, line: call.line }] : [];
      });
    return {
      file: fragment.file,
      name: fragment.name,
      line: fragment.declaratorLine ?? fragment.newLines[0]?.line ?? fragment.oldLines[0]?.line ?? 0,
      changed: true,
      callers,
      callees,
    };
  });

  return {
    mode: "diff",
    features: assembleFeatures(analyzed),
    walkList: buildWalkList(analyzed, findings, new Set([...config.allocators, ...config.releasers])),
    findings,
    callersChecked: false,
    stats: { files: files.length, changedFunctions: analyzed.filter((fn) => fn.name !== FILE_SCOPE).length, diffLines },
  };
}
