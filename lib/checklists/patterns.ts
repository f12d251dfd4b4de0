/**
 * Code patterns of checklist items: JavaScript regular expressions matched against changed lines.
 * They come from content files and run on diffs people paste, so both sides are bounded:
 *
 * - a pattern must compile, be at most MAX_PATTERN_LENGTH characters, and avoid the constructs that
 *   make backtracking explode: a repeated group that itself repeats or alternates (`(a+)+`,
 *   `(a|ab)*`), back-references, and more than two `.*`-style wildcards;
 * - lines are cut to MAX_MATCHED_LINE_LENGTH characters before matching, so even a polynomial
 *   pattern does bounded work per line (match-diff.ts also caps the lines and the time spent).
 */

export const MAX_PATTERN_LENGTH = 200;
export const MAX_MATCHED_LINE_LENGTH = 400;
const MAX_WILDCARDS = 2;

/** The reason a pattern is refused, or null when it is safe to run. */
export function patternProblem(pattern: string): string | null {
  if (pattern.trim() === "") return "must not be empty";
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch (error) {
    return `is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
  return backtrackingProblem(pattern);
}

interface GroupState {
  /** The group (or something nested in it) repeats or alternates. */
  ambiguous: boolean;
  start: number;
}

/**
 * A single left-to-right scan that tracks groups. When a group closes and is followed by a repeating
 * quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 1), its content must be unambiguous: no quantifier
 * and no `|` inside. That rules out the classic exponential shapes without a full regex parser.
 */
function backtrackingProblem(pattern: string): string | null {
  const stack: GroupState[] = [{ ambiguous: false, start: 0 }];
  let wildcards = 0;
  let lastClosed: GroupState | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    let closed: GroupState | null = null;
    if (char === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && pattern[i + 2] === "<")) return "must not use back-references (\\1, \\k<name>): they can take exponential time";
      i++;
    } else if (char === "[") {
      i = endOfClass(pattern, i);
    } else if (char === "(") {
      stack.push({ ambiguous: false, start: i });
    } else if (char === ")") {
      closed = stack.length > 1 ? stack.pop()! : null;
      if (closed?.ambiguous) stack[stack.length - 1].ambiguous = true;
    } else if (char === "|") {
      stack[stack.length - 1].ambiguous = true;
    } else if (char === "*" || char === "+" || char === "?" || char === "{") {
      const quantifier = readQuantifier(pattern, i);
      if (quantifier) {
        if (quantifier.repeats) {
          if (lastClosed?.ambiguous) {
            return `repeats a group that itself repeats or alternates (${pattern.slice(lastClosed.start, i + quantifier.length)}); this can take exponential time — repeat a plain group or drop the inner quantifier`;
          }
          stack[stack.length - 1].ambiguous = true;
          if (pattern[i - 1] === "." && pattern[i - 2] !== "\\" && quantifier.unbounded && ++wildcards > MAX_WILDCARDS) {
            return `uses more than ${MAX_WILDCARDS} wildcards such as .* or .+; anchor the pattern on literal code instead`;
          }
        }
        i += quantifier.length - 1;
        // A lazy/possessive marker belongs to the quantifier just read.
        if (pattern[i + 1] === "?") i++;
      }
    }
    lastClosed = closed;
  }
  return null;
}

function endOfClass(pattern: string, open: number): number {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "]" && i > open + 1) return i;
  }
  return pattern.length;
}

function readQuantifier(pattern: string, at: number): { length: number; repeats: boolean; unbounded: boolean } | null {
  const char = pattern[at];
  if (char === "*" || char === "+") return { length: 1, repeats: true, unbounded: true };
  if (char === "?") return { length: 1, repeats: false, unbounded: false };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!braces) return null;
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] === "" ? Infinity : Number(braces[3]);
  return { length: braces[0].length, repeats: max > 1, unbounded: max === Infinity };
}

/** A compiled, checked pattern. Throws when `patternProblem` would report something. */
export function compilePattern(pattern: string): RegExp {
  const problem = patternProblem(pattern);
  if (problem) throw new Error(`pattern ${JSON.stringify(pattern)} ${problem}`);
  return new RegExp(pattern);
}

/** Matches one line, cut to the bounded length; returns the matched text or null. */
export function matchLine(regex: RegExp, line: string): string | null {
  const match = regex.exec(line.length > MAX_MATCHED_LINE_LENGTH ? line.slice(0, MAX_MATCHED_LINE_LENGTH) : line);
  return match ? match[0] : null;
}
