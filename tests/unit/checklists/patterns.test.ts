import { describe, expect, it } from "vitest";
import { compilePattern, matchLine, MAX_MATCHED_LINE_LENGTH, patternProblem } from "@/lib/checklists/patterns";

describe("checklist code patterns", () => {
  it("accepts ordinary code patterns", () => {
    for (const pattern of ["malloc|zmalloc|createStringObject", "\\b(?:malloc|calloc)\\s*\\(", "\\bgoto\\s+\\w+", "^\\s*#\\s*include", "(?:ab)+c", "a{2,3}", "(a|b)?c", "[(+*]"]) {
      expect(patternProblem(pattern), pattern).toBeNull();
    }
  });

  it("rejects what does not compile, is empty or too long", () => {
    expect(patternProblem("(unclosed")).toMatch(/not a valid regular expression/);
    expect(patternProblem("  ")).toMatch(/empty/);
    expect(patternProblem("a".repeat(201))).toMatch(/at most 200/);
  });

  it("rejects shapes prone to catastrophic backtracking", () => {
    expect(patternProblem("(a+)+b")).toMatch(/repeats a group that itself repeats/);
    expect(patternProblem("(a*)*")).toMatch(/repeats a group/);
    expect(patternProblem("(?:x|xy)*z")).toMatch(/repeats a group/);
    expect(patternProblem("((a)+b){2,}")).toMatch(/repeats a group/);
    expect(patternProblem("(\\w+\\s)+$")).toMatch(/repeats a group/);
    expect(patternProblem("(a)\\1")).toMatch(/back-references/);
    expect(patternProblem("(?<q>a)\\k<q>")).toMatch(/back-references/);
    expect(patternProblem(".*a.*b.*c")).toMatch(/more than 2 wildcards/);
  });

  it("does not take an escaped parenthesis or a class for a group", () => {
    expect(patternProblem("\\(a+\\)+")).toBeNull();
    expect(patternProblem("[(a+)]+")).toBeNull();
  });

  it("matches a line cut to the bounded length", () => {
    const regex = compilePattern("zmalloc\\(");
    expect(matchLine(regex, "  p = zmalloc(len);")).toBe("zmalloc(");
    expect(matchLine(regex, `${" ".repeat(MAX_MATCHED_LINE_LENGTH)}zmalloc(`)).toBeNull();
    expect(() => compilePattern("(a+)+")).toThrow(/repeats a group/);
  });
});
