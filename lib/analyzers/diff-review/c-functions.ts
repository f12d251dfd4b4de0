/**
 * C function finder over cleaned source (see c-source.ts). Handles return types on their own line,
 * K&R/Allman/1TBS brace placement, storage-class and project macros before the name (`REDIS_STATIC`),
 * trailing attributes, multi-line parameter lists, old-style K&R parameter declarations, functions
 * returning function pointers and `extern "C"` blocks.
 */
import { cleanCSource, lineOfOffset, lineStarts } from "./c-source";

export interface CParam {
  name: string;
  /** Pointer or array parameter: writes through it are visible to the caller. */
  pointer: boolean;
  text: string;
}

export interface CSignature {
  name: string;
  params: CParam[];
  /** False when the parameter list was cut off (git truncates hunk headers at ~80 characters). */
  paramsComplete: boolean;
  isStatic: boolean;
}

export interface CFunction extends CSignature {
  /** 1-based line of the function name. */
  line: number;
  /** 1-based line where the declaration (return type, macros) starts. */
  startLine: number;
  /** 1-based line of the closing brace. */
  endLine: number;
  /** Offset where the declaration starts. */
  start: number;
  /** Offset of the opening brace of the body. */
  bodyStart: number;
  /** Offset of the closing brace of the body. */
  bodyEnd: number;
}

export interface CCall {
  name: string;
  /** Offset of the name. */
  offset: number;
  line: number;
  /** Offsets of the opening and closing parentheses. */
  open: number;
  close: number;
  args: string[];
}

export const C_KEYWORDS = new Set([
  "if", "else", "for", "while", "do", "switch", "case", "default", "return", "goto", "break", "continue",
  "sizeof", "typedef", "struct", "union", "enum", "static", "extern", "const", "volatile", "register",
  "inline", "auto", "signed", "unsigned", "_Alignof", "alignof", "_Static_assert", "static_assert",
  "__typeof__", "typeof", "__attribute__", "__attribute", "__declspec", "__asm__", "__asm", "asm",
  "defined", "_Generic", "__builtin_expect", "offsetof",
]);

const ATTRIBUTE_WORDS = new Set(["__attribute__", "__attribute", "__declspec", "__asm__", "__asm", "asm"]);

/** Index of the parenthesis matching the one at `close`, scanning backwards; -1 when unbalanced. */
function matchBackward(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const ch = text[i];
    if (ch === ")") depth++;
    else if (ch === "(") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function matchForward(text: string, open: number, limit = text.length): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const ch = text[i];
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits on commas that are not nested in (), [] or {}. */
export function splitTopLevel(text: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function parseParamList(text: string, complete: boolean): CParam[] {
  const pieces = splitTopLevel(text);
  if (!complete) pieces.pop(); // the last piece was cut off mid-way
  const params: CParam[] = [];
  for (const raw of pieces) {
    const piece = raw.replace(/\s+/g, " ").trim();
    if (piece === "" || piece === "void" || piece === "...") continue;
    const fnPointer = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(piece);
    if (fnPointer) {
      params.push({ name: fnPointer[1], pointer: true, text: piece });
      continue;
    }
    const hasArray = /\[[^\]]*\]\s*$/.test(piece);
    const withoutArray = piece.replace(/(\s*\[[^\]]*\])+\s*$/, "");
    const identifiers = withoutArray.match(/[A-Za-z_]\w*/g) ?? [];
    const name = identifiers[identifiers.length - 1];
    if (!name) continue;
    params.push({ name, pointer: hasArray || withoutArray.includes("*"), text: piece });
  }
  return params;
}

/** Removes trailing `__attribute__((…))`, `__THROW`-style words and similar decorations. */
function stripTrailingDecorations(text: string): string {
  let current = text.trimEnd();
  for (let guard = 0; guard < 8; guard++) {
    if (current.endsWith(")")) {
      const open = matchBackward(current, current.length - 1);
      if (open < 0) return current;
      const before = current.slice(0, open).trimEnd();
      const word = /([A-Za-z_]\w*)$/.exec(before)?.[1];
      if (word && ATTRIBUTE_WORDS.has(word)) {
        current = before.slice(0, before.length - word.length).trimEnd();
        continue;
      }
      return current;
    }
    const trailing = /([A-Za-z_]\w*)$/.exec(current);
    if (!trailing) return current;
    const rest = current.slice(0, current.length - trailing[1].length).trimEnd();
    if (!rest.endsWith(")")) return current;
    current = rest;
  }
  return current;
}

/**
 * Parses a function declarator such as `static robj *lookup(redisDb *db, robj *key)` (text before the
 * body's brace, or a hunk header). Returns null when the text is not a function declarator.
 */
export function parseSignatureText(text: string, allowTruncated = false): CSignature | null {
  const flattened = text.replace(/\s+/g, " ").trim().replace(/\{\s*$/, "").trimEnd();
  if (!flattened || /[;=]\s*$/.test(flattened)) return null;
  const stripped = stripTrailingDecorations(flattened);
  let paramsComplete = true;
  let paramsText: string;
  let before: string;
  if (stripped.endsWith(")")) {
    const open = matchBackward(stripped, stripped.length - 1);
    if (open < 0) return null;
    paramsText = stripped.slice(open + 1, -1);
    before = stripped.slice(0, open).trimEnd();
  } else if (allowTruncated) {
    const open = stripped.indexOf("(");
    if (open < 0) return null;
    paramsText = stripped.slice(open + 1);
    before = stripped.slice(0, open).trimEnd();
    paramsComplete = false;
  } else {
    return null;
  }
  if (before.endsWith(")")) {
    // Function returning a function pointer: `void (*handler(int sig))(int)`.
    const innerOpen = matchBackward(before, before.length - 1);
    if (innerOpen < 0) return null;
    const inner = before.slice(innerOpen + 1, -1).replace(/^\s*\*+\s*/, "");
    const nested = parseSignatureText(inner);
    return nested ? { ...nested, isStatic: /\bstatic\b/.test(before.slice(0, innerOpen)) } : null;
  }
  const nameMatch = /([A-Za-z_]\w*)$/.exec(before);
  if (!nameMatch) return null;
  const name = nameMatch[1];
  if (C_KEYWORDS.has(name)) return null;
  const prefix = before.slice(0, before.length - name.length);
  if (/[=,.!&|+\-<>?:[\]{}]|->/.test(prefix) || /\breturn\b/.test(prefix)) return null;
  if (/^\s*(if|for|while|switch|return|else|do|case)\b/.test(prefix)) return null;
  return { name, params: parseParamList(paramsText, paramsComplete), paramsComplete, isStatic: /\bstatic\b/.test(prefix) };
}

const DECLARATION_ONLY = /^\s*[A-Za-z_][\w\s*[\],]*$/;

interface KnRDefinition {
  signature: CSignature;
  /** Index of the segment holding the declarator. */
  segment: number;
}

/**
 * Old-style definition: `int f(a, b) int a; char *b; {`. `segments` are the top-level `;`-separated
 * pieces before the brace; the declarator shares its segment with the first parameter declaration.
 */
function findKnRDefinition(segments: string[]): KnRDefinition | null {
  if (segments[segments.length - 1].trim() !== "") return null;
  for (let k = segments.length - 2; k >= Math.max(0, segments.length - 12); k--) {
    const segment = segments[k];
    const close = segment.lastIndexOf(")");
    if (close >= 0) {
      const tail = segment.slice(close + 1);
      const signature = DECLARATION_ONLY.test(tail) ? parseSignatureText(segment.slice(0, close + 1)) : null;
      if (!signature || !signature.params.every((p) => /^[A-Za-z_]\w*$/.test(p.text))) return null;
      const declarations = [tail, ...segments.slice(k + 1, -1)];
      if (!declarations.every((d) => DECLARATION_ONLY.test(d))) return null;
      return { signature: applyKnRDeclarations(signature, declarations), segment: k };
    }
    if (!DECLARATION_ONLY.test(segment)) return null;
  }
  return null;
}

function applyKnRDeclarations(signature: CSignature, declarations: string[]): CSignature {
  const pointerNames = new Set<string>();
  for (const declaration of declarations) {
    // "char *b, c[4]" → the type words come first; every declarator after them may carry * or [].
    const declarators = declaration.replace(/^\s*(?:[A-Za-z_]\w*\s+)+(?=[\s*]*[A-Za-z_]\w*\s*(?:\[|,|$))/, "");
    for (const declarator of splitTopLevel(declarators)) {
      const match = /^(\**)\s*([A-Za-z_]\w*)\s*(\[)?/.exec(declarator.trim());
      if (match && (match[1] || match[3])) pointerNames.add(match[2]);
    }
  }
  return { ...signature, params: signature.params.map((p) => ({ ...p, pointer: pointerNames.has(p.name) })) };
}

/** Finds every function definition. Accepts raw source (cleaned internally) or pre-cleaned text. */
export function findCFunctions(source: string, options: { cleaned?: string; starts?: number[] } = {}): CFunction[] {
  const text = options.cleaned ?? cleanCSource(source);
  const starts = options.starts ?? lineStarts(text);
  const functions: CFunction[] = [];
  type Frame = { kind: "function" | "extern" | "other"; fn?: Omit<CFunction, "endLine" | "bodyEnd"> };
  const stack: Frame[] = [];
  /** Brace depth that counts as "top level": extern "C" blocks are transparent. */
  const topLevel = () => stack.every((frame) => frame.kind === "extern");
  let segmentStarts: number[] = [0];

  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 59 /* ; */ && topLevel()) {
      segmentStarts.push(i + 1);
    } else if (ch === 123 /* { */) {
      if (!topLevel()) {
        stack.push({ kind: "other" });
        continue;
      }
      const headerStart = segmentStarts[segmentStarts.length - 1];
      const header = text.slice(headerStart, i);
      if (/^\s*extern\s*"\s*"\s*$/.test(header)) {
        stack.push({ kind: "extern" });
        segmentStarts = [i + 1];
        continue;
      }
      let signature = parseSignatureText(header);
      let declStart = headerStart;
      if (!signature) {
        const segments = segmentStarts.map((start, k) =>
          text.slice(start, k + 1 < segmentStarts.length ? segmentStarts[k + 1] - 1 : i),
        );
        const knr = findKnRDefinition(segments);
        if (knr) {
          signature = knr.signature;
          declStart = segmentStarts[knr.segment];
        }
      }
      if (!signature) {
        stack.push({ kind: "other" });
        continue;
      }
      while (declStart < i && /\s/.test(text[declStart])) declStart++;
      const nameOffset = findNameOffset(text, declStart, i, signature.name);
      stack.push({
        kind: "function",
        fn: {
          ...signature,
          line: lineOfOffset(starts, nameOffset),
          startLine: lineOfOffset(starts, declStart),
          start: declStart,
          bodyStart: i,
        },
      });
    } else if (ch === 125 /* } */) {
      // A closing brace in column 0 ends a function even if a macro unbalanced the braces inside it.
      const atColumnZero = i === 0 || text.charCodeAt(i - 1) === 10;
      const functionIndex = stack.findIndex((frame) => frame.kind === "function");
      let frame: Frame | undefined;
      if (atColumnZero && functionIndex >= 0 && functionIndex < stack.length - 1) {
        frame = stack[functionIndex];
        stack.length = functionIndex;
      } else {
        frame = stack.pop();
      }
      if (frame?.kind === "function" && frame.fn) {
        functions.push({ ...frame.fn, bodyEnd: i, endLine: lineOfOffset(starts, i) });
      }
      if (topLevel()) segmentStarts = [i + 1];
    }
  }
  return functions;
}

function findNameOffset(text: string, from: number, to: number, name: string): number {
  const pattern = new RegExp(`\\b${name}\\s*\\(`, "g");
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match && match.index < to ? match.index : from;
}

const CALL_PATTERN = /\b([A-Za-z_]\w*)\s*\(/g;

/** Calls by name inside [from, to) of cleaned text; member calls (`x->fn(`) and keywords are skipped. */
export function findCalls(text: string, from: number, to: number, lineAt: (offset: number) => number): CCall[] {
  const calls: CCall[] = [];
  CALL_PATTERN.lastIndex = from;
  for (let match = CALL_PATTERN.exec(text); match && match.index < to; match = CALL_PATTERN.exec(text)) {
    const name = match[1];
    if (C_KEYWORDS.has(name)) continue;
    const before = text.slice(Math.max(from, match.index - 2), match.index);
    if (before.endsWith(".") || before.endsWith("->")) continue;
    const open = match.index + match[0].length - 1;
    const close = matchForward(text, open, to);
    if (close < 0) continue;
    const inner = text.slice(open + 1, close);
    calls.push({
      name,
      offset: match.index,
      line: lineAt(match.index),
      open,
      close,
      args: inner.trim() === "" ? [] : splitTopLevel(inner).map((arg) => arg.trim()),
    });
  }
  return calls;
}
