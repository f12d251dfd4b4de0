import { describe, expect, it } from "vitest";
import { cleanCSource, lineOfOffset, lineStarts } from "@/lib/analyzers/diff-review/c-source";
import { findCFunctions } from "@/lib/analyzers/diff-review/c-functions";
import { ownershipConfig, summarizeOwnership, type OwnershipSummary } from "@/lib/analyzers/diff-review/ownership";

function summarize(source: string, extraAllocators: string[] = []): OwnershipSummary {
  const cleaned = cleanCSource(source);
  const starts = lineStarts(cleaned);
  const fn = findCFunctions(source, { cleaned, starts })[0];
  return summarizeOwnership(
    { text: cleaned, from: fn.bodyStart, to: fn.bodyEnd + 1, lineAt: (o) => lineOfOffset(starts, o), params: fn.params, paramsKnown: true },
    ownershipConfig(extraAllocators),
  );
}

const channels = (summary: OwnershipSummary) =>
  summary.escapes.map((site) => (site.channel!.kind === "return" ? `return:${site.call}` : `${site.channel!.name}:${site.channel!.via}:${site.call}`));

describe("ownership summaries", () => {
  it("sees allocations escaping through the return value, out-array elements, *out and fields", () => {
    expect(channels(summarize("robj *f(void) {\n    return createObject(OBJ_STRING, NULL);\n}\n"))).toEqual(["return:createObject"]);
    expect(channels(summarize("robj *f(void) {\n    robj *o = (robj *) zmalloc(16);\n    init(o);\n    return o;\n}\n"))).toEqual(["return:zmalloc"]);
    expect(channels(summarize("void f(robj **keys, int n) {\n    int j;\n    for (j = 0; j < n; j++) keys[j] = createStringObject(\"k\", 1);\n}\n"))).toEqual([
      "keys:element:createStringObject",
    ]);
    expect(channels(summarize("int f(sds *out) {\n    *out = sdsnew(\"x\");\n    return 0;\n}\n"))).toEqual(["out:deref:sdsnew"]);
    expect(channels(summarize("void f(client *c) {\n    c->buf = zmalloc(64);\n}\n"))).toEqual(["c:field:zmalloc"]);
    expect(channels(summarize("void f(robj **keys) {\n    robj *o = createStringObject(\"k\", 1);\n    keys[0] = o;\n}\n"))).toEqual([
      "keys:element:createStringObject",
    ]);
  });

  it("does not report allocations released in the same function, kept local or passed on", () => {
    expect(summarize("int f(void) {\n    sds s = sdsnew(\"x\");\n    use(s);\n    sdsfree(s);\n    return 1;\n}\n").escapes).toEqual([]);
    expect(summarize("void f(robj **keys) {\n    keys[0] = createObject(0, 0);\n    use(keys[0]);\n    decrRefCount(keys[0]);\n}\n").escapes).toEqual([]);
    expect(summarize("void f(client *c) {\n    addReply(c, createObject(0, 0));\n}\n").escapes).toEqual([]);
    expect(summarize("void f(char **buf, size_t n) {\n    *buf = zrealloc(*buf, n);\n}\n").escapes).toEqual([]);
    expect(summarize("void f(int n) {\n    struct s local;\n    local.p = zmalloc(n);\n}\n").escapes).toEqual([]);
  });

  it("records which parameters a function releases, through aliases too", () => {
    const summary = summarize("void f(robj **keys, int n, sds name) {\n    int j;\n    for (j = 0; j < n; j++) {\n        robj *key = keys[j];\n        decrRefCount(key);\n    }\n    zfree(keys);\n    sdsfree(name);\n}\n");
    expect(summary.paramReleases.map((r) => `${r.name}:${r.via}:${r.call}`)).toEqual(["keys:element:decrRefCount", "keys:whole:zfree", "name:whole:sdsfree"]);
  });

  it("recognises project allocators only when configured", () => {
    const source = "void f(robj **keys) {\n    keys[0] = makeKeyObject(\"k\");\n}\n";
    expect(summarize(source).escapes).toEqual([]);
    expect(channels(summarize(source, ["makeKeyObject"]))).toEqual(["keys:element:makeKeyObject"]);
  });
});
