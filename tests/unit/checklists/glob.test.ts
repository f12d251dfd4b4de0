import { describe, expect, it } from "vitest";
import { compileGlob, expandBraces, globProblem, MAX_GLOB_EXPANSIONS } from "@/lib/checklists/glob";

const matches = (glob: string, path: string) => compileGlob(glob).test(path);

describe("glob matcher", () => {
  it("matches base names at any depth when the glob has no slash", () => {
    expect(matches("*.c", "cluster.c")).toBe(true);
    expect(matches("*.c", "src/modules/cluster.c")).toBe(true);
    expect(matches("*.c", "src/cluster.h")).toBe(false);
    expect(matches("Makefile", "deps/jemalloc/Makefile")).toBe(true);
    expect(matches("Makefile", "deps/Makefile.in")).toBe(false);
  });

  it("anchors globs with a slash at the repository root; `*` and `?` stay inside one segment", () => {
    expect(matches("src/*.c", "src/db.c")).toBe(true);
    expect(matches("src/*.c", "src/sub/db.c")).toBe(false);
    expect(matches("src/*.c", "lib/src/db.c")).toBe(false);
    expect(matches("src/d?.c", "src/db.c")).toBe(true);
    expect(matches("src/d?.c", "src/dbx.c")).toBe(false);
    expect(matches("src/?", "src//")).toBe(false);
    expect(matches("/src/*.c", "src/db.c")).toBe(true);
    expect(matches("./src/*.c", "./src/db.c")).toBe(true);
  });

  it("lets `**` stand for zero or more whole segments", () => {
    expect(matches("src/**/*.c", "src/db.c")).toBe(true);
    expect(matches("src/**/*.c", "src/a/b/c/db.c")).toBe(true);
    expect(matches("src/**/*.c", "tests/src/db.c")).toBe(false);
    expect(matches("**/test_*.py", "test_x.py")).toBe(true);
    expect(matches("**/test_*.py", "a/b/test_x.py")).toBe(true);
    expect(matches("deps/jemalloc/**", "deps/jemalloc/src/prof.c")).toBe(true);
    expect(matches("deps/jemalloc/**", "deps/jemalloc")).toBe(false);
    expect(matches("a/**/b/**/c.txt", "a/x/b/y/z/c.txt")).toBe(true);
    expect(matches("a/**/b/**/c.txt", "a/x/y/c.txt")).toBe(false);
  });

  it("expands braces, nested ones too, and keeps escaped characters literal", () => {
    expect(expandBraces("*.{c,h}")).toEqual(["*.c", "*.h"]);
    expect(expandBraces("{src,lib}/*.{c,h{,pp}}")).toEqual(["src/*.c", "src/*.h", "src/*.hpp", "lib/*.c", "lib/*.h", "lib/*.hpp"]);
    expect(matches("*.{yml,yaml}", "ci/deploy.yaml")).toBe(true);
    expect(matches("*.{yml,yaml}", "ci/deploy.toml")).toBe(false);
    expect(matches("\\*.c", "*.c")).toBe(true);
    expect(matches("\\*.c", "db.c")).toBe(false);
    expect(matches("a\\{b,c\\}", "a{b,c}")).toBe(true);
    expect(matches("file.c", "fileXc")).toBe(false);
  });

  it("rejects malformed globs with a reason", () => {
    expect(globProblem("")).toMatch(/empty/);
    expect(globProblem("src/{a,b")).toMatch(/never closed/);
    expect(globProblem("src/a,b}")).toMatch(/without a matching/);
    expect(globProblem("src/[ab].c")).toMatch(/character classes/);
    expect(globProblem("src/**.c")).toMatch(/whole path segment/);
    expect(globProblem("src//a.c")).toMatch(/empty path segment/);
    expect(globProblem("src/")).toMatch(/must not end with/);
    expect(globProblem("x".repeat(201))).toMatch(/at most 200/);
    expect(globProblem("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}")).toMatch(new RegExp(`more than ${MAX_GLOB_EXPANSIONS}`));
    expect(globProblem("src/**/*.{c,h}")).toBeNull();
  });

  it("stays fast on long paths that almost match", () => {
    const path = `${"a/".repeat(2000)}b`;
    const started = performance.now();
    expect(matches("**/a/**/a/**/a/**/c", path)).toBe(false);
    expect(matches("*a*a*a*a*a*c", "a".repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
