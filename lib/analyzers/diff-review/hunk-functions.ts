/**
 * Attributes the lines of a hunk to functions when only the diff is available: git's hunk header
 * names the function the hunk starts in, a definition that starts in column 0 inside the hunk opens a
 * new one, and a `}` in column 0 closes the current one.
 */
import { parseSignatureText, type CSignature } from "./c-functions";
import type { DiffHunk, DiffLine } from "./unified-diff";

export interface HunkFunctionSpan {
  /** null for lines at file scope (between functions, declarations, macros). */
  signature: CSignature | null;
  /** Whether the declarator of the function is inside the hunk (so its start line is known). */
  declaredInHunk: boolean;
  /** Whether that declarator was an added line (a new function) or a removed one. */
  declaratorKind?: DiffLine["kind"];
  lines: DiffLine[];
}

const DEFINITION_START = /^(?!(?:if|else|for|while|switch|return|do|case|typedef|struct|union|enum)\b)[A-Za-z_][\w\s*(),[\]]*?\b([A-Za-z_]\w*)\s*\(/;

/**
 * Whether `line` (possibly followed by `more` lines) starts a function definition in column 0.
 * Returns the signature text (joined up to the closing parenthesis) or null.
 */
export function definitionAt(lines: string[], index: number): string | null {
  const line = lines[index];
  if (!DEFINITION_START.test(line) || /^\s/.test(line)) return null;
  if (/;\s*(\/\/.*|\/\*.*)?$/.test(line) || /=/.test(line.split("(")[0])) return null;
  let text = "";
  let depth = 0;
  let sawParen = false;
  for (let k = index; k < Math.min(lines.length, index + 8); k++) {
    const current = lines[k].replace(/\/\/.*$/, "").replace(/\/\*.*?\*\//g, "");
    text += (k === index ? "" : " ") + current;
    for (const ch of current) {
      if (ch === "(") {
        depth++;
        sawParen = true;
      } else if (ch === ")") depth--;
    }
    if (sawParen && depth === 0) {
      const after = lines[k + 1]?.trim() ?? "";
      if (/\)\s*;/.test(current)) return null; // a prototype
      if (/\{\s*$/.test(current) || after.startsWith("{") || after === "" || k + 1 >= lines.length) return text;
      // Old-style K&R parameter declarations or attributes may follow.
      if (/^[A-Za-z_][\w\s*[\],]*;$/.test(after) || /^__attribute__/.test(after)) return text;
      return null;
    }
  }
  return sawParen ? text : null;
}

export function signatureFromHunkContext(context: string): CSignature | null {
  if (!context.trim()) return null;
  return parseSignatureText(context.replace(/\{.*$/, ""), true);
}

/** Splits a hunk into consecutive spans of lines that belong to the same function (or file scope). */
export function splitHunkByFunction(hunk: DiffHunk): HunkFunctionSpan[] {
  const spans: HunkFunctionSpan[] = [];
  let current: HunkFunctionSpan = { signature: signatureFromHunkContext(hunk.context), declaredInHunk: false, lines: [] };
  const texts = hunk.lines.map((line) => line.text);
  let closeAfterThisLine = false;
  for (let i = 0; i < hunk.lines.length; i++) {
    const line = hunk.lines[i];
    if (closeAfterThisLine) {
      if (current.lines.length) spans.push(current);
      current = { signature: null, declaredInHunk: false, lines: [] };
      closeAfterThisLine = false;
    }
    const definition = definitionAt(texts, i);
    const signature = definition ? parseSignatureText(definition) : null;
    if (signature) {
      if (current.lines.length) spans.push(current);
      current = { signature, declaredInHunk: true, declaratorKind: line.kind, lines: [] };
    }
    current.lines.push(line);
    if (/^\}/.test(line.text)) closeAfterThisLine = true;
  }
  if (current.lines.length) spans.push(current);
  return spans;
}
