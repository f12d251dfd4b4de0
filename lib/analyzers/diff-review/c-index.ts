/** Parsed C files with their functions, for caller/callee lookups across a whole tree. */
import { cleanCSource, lineOfOffset, lineStarts } from "./c-source";
import { findCalls, findCFunctions, type CFunction } from "./c-functions";
import type { BodyView } from "./ownership";

export interface ParsedCFile {
  path: string;
  /** Cleaned text (comments, literals and preprocessor lines blanked). */
  text: string;
  starts: number[];
  functions: CFunction[];
  lineAt: (offset: number) => number;
}

export const C_FILE = /\.(c|h)$/i;

export function parseCFile(path: string, source: string): ParsedCFile {
  const text = cleanCSource(source);
  const starts = lineStarts(text);
  const functions = findCFunctions(source, { cleaned: text, starts });
  return { path, text, starts, functions, lineAt: (offset) => lineOfOffset(starts, offset) };
}

const bodyCache = new WeakMap<CFunction, BodyView>();

/** The body of `fn` as a BodyView (calls computed once and cached). */
export function bodyOf(file: ParsedCFile, fn: CFunction): BodyView {
  const cached = bodyCache.get(fn);
  if (cached) return cached;
  const from = fn.bodyStart;
  const to = fn.bodyEnd + 1;
  const view: BodyView = {
    text: file.text,
    from,
    to,
    lineAt: file.lineAt,
    params: fn.params,
    paramsKnown: fn.paramsComplete,
    calls: findCalls(file.text, from, to, file.lineAt),
  };
  bodyCache.set(fn, view);
  return view;
}

/** Function whose body contains `offset`, by binary search over functions sorted by position. */
export function enclosingFunction(file: ParsedCFile, offset: number): CFunction | null {
  const functions = file.functions;
  let low = 0;
  let high = functions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const fn = functions[mid];
    if (offset < fn.bodyStart) high = mid - 1;
    else if (offset > fn.bodyEnd) low = mid + 1;
    else return fn;
  }
  return null;
}

/** Functions whose line range [startLine, endLine] contains one of `lines`. */
export function functionsAtLines(file: ParsedCFile, lines: Iterable<number>): CFunction[] {
  const found = new Set<CFunction>();
  for (const line of lines) {
    for (const fn of file.functions) {
      if (line >= fn.startLine && line <= fn.endLine) found.add(fn);
    }
  }
  return file.functions.filter((fn) => found.has(fn));
}

/** Call sites of `name` in `file` (inside function bodies), found by a targeted search. */
export function callSitesOf(file: ParsedCFile, name: string): Array<{ caller: CFunction; offset: number }> {
  const sites: Array<{ caller: CFunction; offset: number }> = [];
  const pattern = new RegExp(`\\b${name}\\s*\\(`, "g");
  for (let match = pattern.exec(file.text); match; match = pattern.exec(file.text)) {
    const before = file.text.slice(Math.max(0, match.index - 2), match.index);
    if (before.endsWith(".") || before.endsWith("->")) continue;
    const caller = enclosingFunction(file, match.index);
    if (caller && caller.name !== name) sites.push({ caller, offset: match.index });
  }
  return sites;
}
