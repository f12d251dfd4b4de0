/**
 * A small glob matcher for the `paths` rules of checklist items, with the semantics of .gitignore and
 * CODEOWNERS that reviewers already know:
 *
 *   `*`   any run of characters except `/`          `?`      one character except `/`
 *   `**`  as a whole segment: zero or more segments  `{a,b}`  either alternative (may nest)
 *   `\x`  the character x literally
 *
 * A glob without `/` matches the base name at any depth (`*.c`); one with `/` matches the whole path
 * from the repository root (`src/**` + `/*.c`; a leading `/` or `./` is ignored); a trailing `**`
 * matches everything below a folder, not the folder itself.
 *
 * Matching does not use regular expressions: `*` within a segment and `**` across segments are
 * matched by the classic wildcard walk that remembers only the last star, so a glob costs at most
 * (glob length × path length) steps whatever the path — a regex with several stars can take
 * polynomially many steps on a path that almost matches.
 */

export const MAX_GLOB_LENGTH = 200;
/** `{a,b}{c,d}…` multiplies; more alternatives than this is a mistake, not a rule. */
export const MAX_GLOB_EXPANSIONS = 64;

export class GlobError extends Error {}

export interface CompiledGlob {
  source: string;
  /** Whether the glob is matched against the base name (it has no `/`). */
  basename: boolean;
  test(path: string): boolean;
}

/** One character of a segment pattern: a literal, `?` (any one character) or `*` (any run). */
type Token = { literal: string } | "?" | "*";
/** A path segment's pattern, or `**` (any number of whole segments). */
type SegmentPattern = Token[] | "**";

/** Compiles a glob or throws a GlobError saying what is wrong with it. */
export function compileGlob(glob: string): CompiledGlob {
  if (glob.trim() === "") throw new GlobError("must not be empty");
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`must be at most ${MAX_GLOB_LENGTH} characters`);
  if (/[\u0000-\u001f]/.test(glob)) throw new GlobError("must not contain control characters");
  if (/(^|[^\\])[[\]]/.test(glob)) throw new GlobError("character classes ([…]) are not supported; use {a,b}");
  const alternatives = expandBraces(glob.replace(/^\.?\//, ""));
  const basename = !alternatives.some((alternative) => unescapedSlash(alternative));
  const compiled = alternatives.map((alternative) => compileSegments(alternative, basename));
  return {
    source: glob,
    basename,
    test(path: string) {
      const segments = path.replace(/^\.?\//, "").split("/");
      const target = basename ? segments.slice(-1) : segments;
      return compiled.some((pattern) => matchSequence(pattern, target, isSegmentStar, matchSegmentPattern));
    },
  };
}

/** The reason a glob is invalid, or null when it compiles. */
export function globProblem(glob: string): string | null {
  try {
    compileGlob(glob);
    return null;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}

function unescapedSlash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "/") return true;
  }
  return false;
}

/** `a{b,c{d,e}}f` → [`abf`, `acdf`, `acef`]. Escaped braces and commas stay literal. */
export function expandBraces(glob: string): string[] {
  const open = findUnescaped(glob, "{", 0);
  if (open < 0) {
    if (findUnescaped(glob, "}", 0) >= 0) throw new GlobError("has a `}` without a matching `{`");
    return [glob];
  }
  if (findUnescaped(glob.slice(0, open), "}", 0) >= 0) throw new GlobError("has a `}` without a matching `{`");
  const parts: string[] = [];
  let depth = 0;
  let start = open + 1;
  let close = -1;
  for (let i = open + 1; i < glob.length && close < 0; i++) {
    const char = glob[i];
    if (char === "\\") i++;
    else if (char === "{") depth++;
    else if (char === "}" && depth > 0) depth--;
    else if (char === "}") {
      parts.push(glob.slice(start, i));
      close = i;
    } else if (char === "," && depth === 0) {
      parts.push(glob.slice(start, i));
      start = i + 1;
    }
  }
  if (close < 0) throw new GlobError("has a `{` that is never closed");
  const prefix = glob.slice(0, open);
  const suffixes = expandBraces(glob.slice(close + 1));
  const results: string[] = [];
  for (const part of parts) {
    for (const middle of expandBraces(part)) {
      for (const suffix of suffixes) {
        results.push(prefix + middle + suffix);
        if (results.length > MAX_GLOB_EXPANSIONS) throw new GlobError(`expands to more than ${MAX_GLOB_EXPANSIONS} alternatives`);
      }
    }
  }
  return results;
}

function findUnescaped(text: string, char: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === char) return i;
  }
  return -1;
}

function compileSegments(glob: string, basename: boolean): SegmentPattern[] {
  const segments = splitSegments(glob);
  const patterns: SegmentPattern[] = segments.map((segment) => {
    if (segment === "**") return "**";
    if (segment.includes("**") && !basename) throw new GlobError("`**` must be a whole path segment (like `src/**/x.c`)");
    return tokenize(segment);
  });
  // A trailing `**` means "everything below": at least one segment.
  if (!basename && patterns.length > 1 && patterns[patterns.length - 1] === "**") patterns.splice(patterns.length - 1, 1, ["*"], "**");
  return patterns;
}

function splitSegments(glob: string): string[] {
  const segments: string[] = [];
  let current = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === "\\" && i + 1 < glob.length) {
      current += glob[i] + glob[i + 1];
      i++;
    } else if (glob[i] === "/") {
      segments.push(current);
      current = "";
    } else current += glob[i];
  }
  segments.push(current);
  if (segments.some((segment, index) => segment === "" && index < segments.length - 1)) throw new GlobError("has an empty path segment (`//`)");
  if (segments[segments.length - 1] === "") throw new GlobError("must not end with `/` (use `dir/**` for everything below a folder)");
  return segments;
}

function tokenize(segment: string): Token[] {
  const tokens: Token[] = [];
  const chars = Array.from(segment);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char === "\\") {
      if (i + 1 >= chars.length) throw new GlobError("ends with a lone `\\`");
      tokens.push({ literal: chars[++i] });
    } else if (char === "*") {
      // Consecutive stars inside a segment mean the same as one.
      if (tokens[tokens.length - 1] !== "*") tokens.push("*");
    } else if (char === "?") tokens.push("?");
    else tokens.push({ literal: char });
  }
  return tokens;
}

/**
 * The wildcard walk: a star part matches any run of elements (`*` over characters, `**` over
 * segments); on a mismatch, the last star takes one more element and matching resumes after it.
 * Earlier stars never need revisiting, which bounds the work by pattern length × input length.
 */
function matchSequence<P, E>(pattern: readonly P[], input: readonly E[], isStar: (part: P) => boolean, matchOne: (part: P, element: E) => boolean): boolean {
  let p = 0;
  let e = 0;
  let star = -1;
  let resumeAt = 0;
  while (e < input.length) {
    if (p < pattern.length && isStar(pattern[p])) {
      star = p++;
      resumeAt = e;
    } else if (p < pattern.length && matchOne(pattern[p], input[e])) {
      p++;
      e++;
    } else if (star >= 0) {
      p = star + 1;
      e = ++resumeAt;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

const isCharStar = (token: Token) => token === "*";
const matchToken = (token: Token, char: string) => token === "?" || (typeof token === "object" && token.literal === char);
const isSegmentStar = (pattern: SegmentPattern) => pattern === "**";
const matchSegmentPattern = (pattern: SegmentPattern, segment: string) => pattern !== "**" && matchSequence(pattern, Array.from(segment), isCharStar, matchToken);

/** Whether any of the globs matches the path (an empty list matches nothing). */
export function matchesAnyGlob(globs: readonly CompiledGlob[], path: string): CompiledGlob | null {
  return globs.find((glob) => glob.test(path)) ?? null;
}
