/**
 * Which commits look like memory-safety fixes, and what kind: heap leak, file-descriptor leak,
 * use-after-free, double free or other. The message decides when it is explicit; otherwise the
 * calls the diff adds (close() vs free()/decrRefCount()) decide.
 */
import { InvalidInputError } from "../../errors";

export type FixKind = "use-after-free" | "double-free" | "memory" | "fd" | "other";

/** Lower ranks first: the order the human output lists missing fixes in, after fork overlap. */
export const KIND_RANK: Record<FixKind, number> = { "use-after-free": 0, "double-free": 1, memory: 2, fd: 3, other: 4 };

export const DEFAULT_FIX_PATTERNS: RegExp[] = [
  /leak/i,
  /\bfree(d|s|ing)?\b/i,
  /use[- ]after[- ]free/i,
  /double[- ]free/i,
  /\bmemory\b/i,
  /\bfds?\b/i,
  /descriptor/i,
  /overflow/i,
];

const MAX_PATTERN_LENGTH = 120;

/** Extra candidate patterns (case-insensitive regular expressions), validated for size and shape. */
export function compilePatterns(extra: string[] = []): RegExp[] {
  const compiled = [...DEFAULT_FIX_PATTERNS];
  for (const source of extra) {
    const trimmed = source.trim();
    if (!trimmed) continue;
    if (trimmed.length > MAX_PATTERN_LENGTH) throw new InvalidInputError(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
    // Nested quantifiers such as (a+)+ can backtrack for minutes on a long commit message.
    if (/\([^)]*[+*][^)]*\)\s*[+*{]/.test(trimmed)) throw new InvalidInputError(`pattern "${trimmed}" has nested quantifiers`);
    try {
      compiled.push(new RegExp(trimmed, "i"));
    } catch (error) {
      throw new InvalidInputError(`invalid pattern "${trimmed}": ${(error as Error).message}`);
    }
  }
  return compiled;
}

export function matchesFixPattern(message: string, patterns: RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(message));
}

const USE_AFTER_FREE = /use[- ]after[- ]free|\buaf\b|dangling pointer|(access|read|write|us)(ed|ing)? (an? )?(already )?freed|after (it (is|was) |being )?freed/i;
const DOUBLE_FREE = /double[- ]free|freed twice|free(d)? (it )?twice|released twice/i;
const LEAK = /leak/i;
const FD_WORDS = /\b(fds?|file descriptors?|descriptors?|sockets?|fclose|closedir|pipes?|file handles?|clos(e|ed|ing))\b/i;
const FD_LEAK = /\b(fds?|file descriptors?|descriptors?|sockets?|file handles?|pipes?)\s+leak|leak\w*\s+(of\s+)?(an?\s+|the\s+)?(fds?|file descriptors?|descriptors?|sockets?|file handles?)\b/i;
const MEMORY_LEAK = /memory leak|leak\w* (of )?memory/i;
const MEMORY_WORDS = /\b(memory|heap|alloc\w*|free\w*|zfree|sdsfree|decrrefcount|release\w*|iterator|objects?|strings?|buffers?)\b/i;
const ADDED_CLOSE = /\b(close|fclose|closedir|pclose|closesocket|anetClose\w*|\w+CloseFd|\w*close_fd)\s*\(/i;
const ADDED_FREE = /\b(free|zfree|sdsfree|decrRefCount\w*|\w+Release\w*|\w+Free\w*|release\w*|freeClient\w*|listRelease|dictRelease\w*)\s*\(/;

export interface DiffEvidence {
  added: string[];
  removed: string[];
}

export function classifyFixKind(message: string, diff?: DiffEvidence): FixKind {
  if (USE_AFTER_FREE.test(message)) return "use-after-free";
  if (DOUBLE_FREE.test(message)) return "double-free";
  const added = diff?.added.join("\n") ?? "";
  const addsClose = ADDED_CLOSE.test(added);
  const addsFree = ADDED_FREE.test(added);
  if (LEAK.test(message)) {
    if (FD_LEAK.test(message)) return "fd";
    if (MEMORY_LEAK.test(message)) return "memory";
    if (FD_WORDS.test(message)) return "fd";
    if (addsClose && !addsFree) return "fd";
    return "memory";
  }
  if (addsFree && MEMORY_WORDS.test(message)) return "memory";
  if (addsClose && FD_WORDS.test(message)) return "fd";
  return "other";
}
