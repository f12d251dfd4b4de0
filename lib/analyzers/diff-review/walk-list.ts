/**
 * Turns analysed functions and findings into the feature grouping (file → functions) and the ordered
 * review walk-list: each changed function followed by the callers and callees a reviewer must read,
 * functions with findings first and, among callers, the ones that were not updated first.
 */
import type { CalleeRef, Feature, FeatureFunction, Finding, FunctionRef, WalkStep } from "./types";

export interface AnalyzedFunction {
  file: string;
  name: string;
  line: number;
  changed: boolean;
  callers: FunctionRef[];
  callees: CalleeRef[];
}

const byFileAndLine = (a: { file: string; line: number }, b: { file: string; line: number }) =>
  a.file.localeCompare(b.file) || a.line - b.line;

export function assembleFeatures(changed: AnalyzedFunction[]): Feature[] {
  const files = new Map<string, Map<string, FeatureFunction>>();
  const entry = (file: string, name: string, line: number, isChanged: boolean): FeatureFunction => {
    let functions = files.get(file);
    if (!functions) files.set(file, (functions = new Map()));
    let fn = functions.get(name);
    if (!fn) functions.set(name, (fn = { name, line, changed: isChanged, callers: [], callees: [] }));
    return fn;
  };
  for (const fn of changed) {
    const feature = entry(fn.file, fn.name, fn.line, true);
    feature.changed = true;
    feature.line = fn.line;
    feature.callers = fn.callers;
    feature.callees = fn.callees;
  }
  // Unchanged callers belong to the feature too: list them with the changed function they call.
  for (const fn of changed) {
    for (const caller of fn.callers) {
      const feature = entry(caller.file, caller.function, caller.line, false);
      if (!feature.changed && !feature.callees.some((callee) => callee.function === fn.name)) {
        feature.callees.push({ function: fn.name, file: fn.file, line: fn.line });
      }
    }
  }
  return [...files.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, functions]) => ({ file, functions: [...functions.values()].sort((a, b) => a.line - b.line) }));
}

/**
 * `skipCallees`: names not worth a step of their own (allocators and releasers: their contract is
 * what the findings are about, their bodies are not).
 */
export function buildWalkList(changed: AnalyzedFunction[], findings: Finding[], skipCallees: Set<string> = new Set()): WalkStep[] {
  const steps = new Map<string, WalkStep>();
  const add = (file: string, fn: string, line: number, reason: string) => {
    const key = `${file}\0${fn}`;
    const existing = steps.get(key);
    if (existing) {
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
      return;
    }
    steps.set(key, { step: steps.size + 1, file, function: fn, line, reasons: [reason] });
  };

  const findingsOf = (fn: AnalyzedFunction) => findings.filter((f) => f.function === fn.name && f.file === fn.file);
  // Findings first; then changed functions that other changed functions call (read the callee's new
  // contract before its callers); then the rest in file order.
  const calledByChanged = new Set(changed.flatMap((fn) => fn.callees.map((callee) => `${callee.file}\0${callee.function}`)));
  const rank = (fn: AnalyzedFunction) => (findingsOf(fn).length > 0 ? 0 : calledByChanged.has(`${fn.file}\0${fn.name}`) ? 1 : 2);
  const ordered = [...changed].sort((a, b) => rank(a) - rank(b) || byFileAndLine(a, b));

  for (const fn of ordered) {
    const own = findingsOf(fn);
    add(fn.file, fn.name, fn.line, own.length ? `changed; ${own.map((f) => f.kind).join(", ")}` : "changed");
    const flagged = new Set<string>();
    for (const finding of own) {
      for (const caller of finding.callers) {
        const problem = finding.kind === "ownership-change" ? !caller.releases : caller.releases;
        if (!problem) continue;
        flagged.add(`${caller.file}\0${caller.function}`);
        const what = finding.kind === "ownership-change" ? "does not release the result" : "still releases";
        add(caller.file, caller.function, caller.line, `caller of ${fn.name}: ${caller.updated ? "updated but" : "not updated,"} ${what}`);
      }
    }
    for (const caller of fn.callers) {
      if (!flagged.has(`${caller.file}\0${caller.function}`)) add(caller.file, caller.function, caller.line, `caller of ${fn.name}`);
    }
    for (const callee of fn.callees) {
      if (callee.file !== undefined && callee.line !== undefined && !skipCallees.has(callee.function)) add(callee.file, callee.function, callee.line, `callee of ${fn.name}`);
    }
  }
  return [...steps.values()];
}
