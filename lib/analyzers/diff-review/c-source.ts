/**
 * Blanks out the parts of C source that confuse structural scanning — comments, string and character
 * literals, preprocessor lines and the alternative branches of `#if` blocks — while keeping every
 * newline and character offset, so positions in the cleaned text are positions in the original.
 */

const SPACE = 32;
const NEWLINE = 10;

/** Replaces comments and literal contents with spaces (quotes stay, so `f("{")` becomes `f("  ")`-shaped). */
function blankCommentsAndLiterals(source: string): Uint16Array {
  const out = new Uint16Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = source.charCodeAt(i);
  let i = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (out[j] !== NEWLINE) out[j] = SPACE;
      i = stop;
    } else if (ch === "/" && next === "/") {
      let j = i;
      // A backslash-newline continues a line comment in C.
      while (j < n && !(source[j] === "\n" && source[j - 1] !== "\\")) {
        if (out[j] !== NEWLINE) out[j] = SPACE;
        j++;
      }
      i = j;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && source[j] !== ch && source[j] !== "\n") {
        if (source[j] === "\\" && j + 1 < n) {
          if (source[j + 1] !== "\n") out[j + 1] = SPACE;
          out[j] = SPACE;
          j += 2;
          continue;
        }
        out[j] = SPACE;
        j++;
      }
      i = j < n && source[j] === ch ? j + 1 : j; // an unterminated literal ends at the newline
    } else {
      i++;
    }
  }
  return out;
}

interface ConditionalFrame {
  /** Whether the enclosing region is active. */
  parentActive: boolean;
  /** Whether the current branch is kept. */
  active: boolean;
  /** Whether some earlier branch of this #if was kept (later #else/#elif are then dropped). */
  taken: boolean;
}

/**
 * Keeps only the first live branch of each conditional (and drops `#if 0` bodies): both branches of
 * `#ifdef X ... int f(a) { #else int f(a, b) { #endif` would otherwise unbalance the braces.
 */
function blankPreprocessor(chars: Uint16Array): void {
  const n = chars.length;
  const stack: ConditionalFrame[] = [];
  let lineStart = 0;
  const isActive = () => stack.length === 0 || stack[stack.length - 1].active;
  while (lineStart < n) {
    let lineEnd = lineStart;
    while (lineEnd < n && chars[lineEnd] !== NEWLINE) lineEnd++;
    let first = lineStart;
    while (first < lineEnd && (chars[first] === SPACE || chars[first] === 9)) first++;
    const isDirective = first < lineEnd && chars[first] === 35; /* # */
    let logicalEnd = lineEnd;
    if (isDirective) {
      // Continuation lines (trailing backslash) belong to the directive.
      while (logicalEnd < n && logicalEnd > 0 && lastNonBlank(chars, lineStart, logicalEnd) === 92) {
        let nextEnd = logicalEnd + 1;
        while (nextEnd < n && chars[nextEnd] !== NEWLINE) nextEnd++;
        logicalEnd = nextEnd;
      }
      const directive = readWord(chars, first + 1, logicalEnd);
      const argument = readRest(chars, first + 1 + directive.skip, logicalEnd);
      const wasActive = isActive();
      if (directive.word === "if" || directive.word === "ifdef" || directive.word === "ifndef") {
        const alwaysFalse = directive.word === "if" && /^0\b/.test(argument.trim());
        stack.push({ parentActive: wasActive, active: wasActive && !alwaysFalse, taken: wasActive && !alwaysFalse });
      } else if ((directive.word === "elif" || directive.word === "else") && stack.length > 0) {
        const frame = stack[stack.length - 1];
        const keep = frame.parentActive && !frame.taken;
        frame.active = keep;
        frame.taken ||= keep;
      } else if (directive.word === "endif" && stack.length > 0) {
        stack.pop();
      }
      blank(chars, lineStart, logicalEnd);
    } else if (!isActive()) {
      blank(chars, lineStart, lineEnd);
    }
    lineStart = logicalEnd + 1;
  }
}

function lastNonBlank(chars: Uint16Array, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) {
    if (chars[i] !== SPACE && chars[i] !== 9 && chars[i] !== 13) return chars[i];
  }
  return -1;
}

function readWord(chars: Uint16Array, from: number, to: number): { word: string; skip: number } {
  let i = from;
  while (i < to && (chars[i] === SPACE || chars[i] === 9)) i++;
  let word = "";
  while (i < to && /[a-z]/.test(String.fromCharCode(chars[i]))) word += String.fromCharCode(chars[i++]);
  return { word, skip: i - from };
}

function readRest(chars: Uint16Array, from: number, to: number): string {
  let text = "";
  for (let i = from; i < to; i++) text += String.fromCharCode(chars[i]);
  return text;
}

function blank(chars: Uint16Array, from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== NEWLINE) chars[i] = SPACE;
}

function toText(chars: Uint16Array): string {
  let text = "";
  const chunk = 8192;
  for (let i = 0; i < chars.length; i += chunk) {
    text += String.fromCharCode.apply(null, Array.from(chars.subarray(i, i + chunk)));
  }
  return text;
}

/** Same length as `source`; comments, literals and preprocessor lines replaced by spaces. */
export function cleanCSource(source: string): string {
  const chars = blankCommentsAndLiterals(source);
  blankPreprocessor(chars);
  return toText(chars);
}

/** Offsets of the first character of each line, for offset → 1-based line lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

export function lineOfOffset(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
