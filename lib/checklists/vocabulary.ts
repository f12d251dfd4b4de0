/**
 * The fixed words of the checklist library: severities, review areas and languages. Closed lists so
 * that a typo in a content file ("memroy", "golang") is an error at its line instead of a filter
 * that silently matches nothing.
 */

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Review areas. A lesson's area is whichever of its tags is one of these (tags stay one list, shared
 * with the incident files' copies of the lesson); the builder and the exports filter by them.
 */
export const AREAS = [
  "memory",
  "concurrency",
  "backport",
  "config",
  "observability",
  "testing",
  "api-design",
  "code-review",
  "error-handling",
  "security",
  "performance",
  "tooling",
] as const;
export type Area = (typeof AREAS)[number];

export function areasOf(tags: readonly string[]): Area[] {
  return tags.filter((tag): tag is Area => (AREAS as readonly string[]).includes(tag));
}

/**
 * Languages an item can be restricted to, with the file globs that identify each (base names, so
 * they match at any depth). A file may belong to more than one language: `*.h` is C and C++.
 */
export const LANGUAGE_FILES = {
  c: ["*.c", "*.h"],
  cpp: ["*.{cc,cpp,cxx,c++,hh,hpp,hxx,h}"],
  go: ["*.go"],
  rust: ["*.rs"],
  java: ["*.java"],
  kotlin: ["*.{kt,kts}"],
  python: ["*.{py,pyi}"],
  javascript: ["*.{js,mjs,cjs,jsx}"],
  typescript: ["*.{ts,mts,cts,tsx}"],
  ruby: ["*.rb"],
  lua: ["*.lua"],
  shell: ["*.{sh,bash}"],
  sql: ["*.sql"],
  yaml: ["*.{yml,yaml}"],
  make: ["Makefile", "GNUmakefile", "*.mk"],
  cmake: ["CMakeLists.txt", "*.cmake"],
  docker: ["Dockerfile", "*.dockerfile"],
} as const satisfies Record<string, readonly string[]>;
export type Language = keyof typeof LANGUAGE_FILES;
export const LANGUAGES = Object.keys(LANGUAGE_FILES) as Language[];

/** `MEM-OWN-01`: upper-case words joined by dashes, ending in a two- or three-digit number. */
export const ITEM_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d{2,3}$/;
