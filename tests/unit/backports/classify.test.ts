import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { classifyFixKind, compilePatterns, matchesFixPattern } from "@/lib/analyzers/backports/classify";

describe("fix kind classification", () => {
  it("reads explicit messages", () => {
    expect(classifyFixKind("Memory leak in clusterRedirectBlockedClientIfNeeded.")).toBe("memory");
    expect(classifyFixKind("Fix fd leak in anetUnixGenericConnect()")).toBe("fd");
    expect(classifyFixKind("Fix socket leak on connection errors")).toBe("fd");
    expect(classifyFixKind("Leaking file descriptors when the RDB save fails")).toBe("fd");
    expect(classifyFixKind("Fix use-after-free in freeClient()")).toBe("use-after-free");
    expect(classifyFixKind("Avoid double free of the reply list")).toBe("double-free");
    expect(classifyFixKind("Fix integer overflow in SETRANGE")).toBe("other");
  });

  it("falls back to the calls the diff adds", () => {
    expect(classifyFixKind("Fix leak on error path", { added: ["        close(s);"], removed: [] })).toBe("fd");
    expect(classifyFixKind("Fix leak on error path", { added: ["    dictReleaseIterator(di);"], removed: [] })).toBe("memory");
    expect(classifyFixKind("Release argv objects", { added: ["    decrRefCount(c->argv[j]);"], removed: [] })).toBe("memory");
    expect(classifyFixKind("Tidy up", { added: ["    zfree(p);"], removed: [] })).toBe("other");
  });

  it("selects candidates by default and extra patterns", () => {
    const patterns = compilePatterns(["GEORADIUS"]);
    expect(matchesFixPattern("Fix leak in x", patterns)).toBe(true);
    expect(matchesFixPattern("Wrong reply in georadius", patterns)).toBe(true);
    expect(matchesFixPattern("Update README", patterns)).toBe(false);
    expect(() => compilePatterns(["(a+)+$"])).toThrow(InvalidInputError);
    expect(() => compilePatterns(["[unclosed"])).toThrow(InvalidInputError);
  });
});
