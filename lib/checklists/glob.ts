/**
 * A small glob matcher for the `paths` rules of checklist items, with the semantics of .gitignore and
 * CODEOWNERS that reviewers already know:
 *
 *   `*`   any run of characters except `/`          `?`      one character except `/`
 *   `**`  as a whole segment: zero or more segments  `{a,b}`  either alternative (may nest)
 *   `\x`  the character x literally
 *
 * A glob without `/` matches the base name at any depth (`*.c`); one with `/` matches the whole path
 * from the repository root (`src/**\/*.c`; a leading `/` or `./` is ignored). Globs are compiled to
 * anchored regular expressions built only from escaped literals, `[^/]`, and `(?:[^/]*\/)*` — each
 * repetition of the latter consumes a `/`, so no input can make matching backtrack exponentially.
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

/** Compiles a glob or throws a GlobError saying what is wrong with it. */
export function compileGlob(glob: string): CompiledGlob {
  if (glob.trim() === "") throw new GlobError("must not be empty");
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`must be at most ${MAX_GLOB_LENGTH} characters`);
  if (/[\u0000-\u001f]/.test(glob)) throw new GlobError("must not contain control characters");
  if (/(^|[^\\])[[\]]/.test(glob)) throw new GlobError("character classes ([…]) are not supported; use {a,b}");
  const normalized = glob.replace(/^\.?\//, "");
  const alternatives = expandBraces(normalized);
  const basename = !alternatives.some((alternative) => unescapedSlash(alternative));
  const regex = new RegExp(`^(?:${alternatives.map(globToRegexSource).join("|")})$`);
  return {
    source: glob,
    basename,
    test(path: string) {
      const target = path.replace(/^\.?\//, "");
      return regex.test(basename ? target.slice(target.lastIndexOf("/") + 1) : target);
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

const escapeRegex = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function globToRegexSource(glob: string): string {
  const segments = splitSegments(glob);
  let out = "";
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === "**") {
      // Zero or more whole segments; as the last segment, everything below (at least one character).
      out += last ? ".+" : "(?:[^/]*/)*";
      return;
    }
    if (segment.includes("**")) throw new GlobError("`**` must be a whole path segment (like `src/**/x.c`)");
    out += segmentToRegex(segment) + (last ? "" : "/");
  });
  return out;
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

function segmentToRegex(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === "\\") {
      if (i + 1 >= segment.length) throw new GlobError("ends with a lone `\\`");
      out += escapeRegex(segment[++i]);
    } else if (char === "*") {
      // Consecutive stars inside a segment mean the same as one; collapsing them keeps matching linear.
      while (segment[i + 1] === "*") i++;
      out += "[^/]*";
    } else if (char === "?") out += "[^/]";
    else out += escapeRegex(char);
  }
  return out;
}

/** Whether any of the globs matches the path (an empty list matches nothing). */
export function matchesAnyGlob(globs: readonly CompiledGlob[], path: string): CompiledGlob | null {
  return globs.find((glob) => glob.test(path)) ?? null;
}
