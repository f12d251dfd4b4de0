import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { cleanCSource, lineStarts, lineOfOffset } from "@/lib/analyzers/diff-review/c-source";
import { findCalls, findCFunctions, parseSignatureText } from "@/lib/analyzers/diff-review/c-functions";

const STYLES = readFileSync(path.resolve(import.meta.dirname, "../../fixtures/c/styles/mixed-styles.c"), "utf8");

describe("C function finder", () => {
  const functions = findCFunctions(STYLES);
  const byName = Object.fromEntries(functions.map((fn) => [fn.name, fn]));

  it("finds every definition across brace and declaration styles, and nothing else", () => {
    expect(functions.map((fn) => fn.name)).toEqual([
      "kr_style",
      "one_true_brace",
      "return_type_alone",
      "macro_before_name",
      "multi_line_params",
      "allman_style",
      "old_style_params",
      "returns_handler",
      "noreturn_attr",
      "conditional_signature",
      "uses_macro_with_braces",
    ]);
  });

  it("reports where the declaration, the name and the body are", () => {
    expect(byName.return_type_alone).toMatchObject({ startLine: 40, line: 41, endLine: 44, isStatic: true });
    expect(byName.multi_line_params).toMatchObject({ startLine: 52, line: 53, endLine: 58 });
    expect(byName.allman_style).toMatchObject({ line: 62, endLine: 68 });
    expect(byName.uses_macro_with_braces.endLine).toBe(107);
  });

  it("parses parameters, including function pointers, arrays and K&R declarations", () => {
    const params = (name: string) => byName[name].params.map((p) => `${p.name}${p.pointer ? "*" : ""}`);
    expect(params("multi_line_params")).toEqual(["first*", "second*", "compare*"]);
    expect(params("allman_style")).toEqual(["out*"]);
    expect(params("old_style_params")).toEqual(["count", "names*"]);
    expect(params("macro_before_name")).toEqual(["list*"]);
    expect(params("kr_style")).toEqual(["a", "b"]);
  });

  it("ignores braces in comments, strings, character literals, macros and #if 0 blocks", () => {
    const cleaned = cleanCSource(STYLES);
    expect(cleaned.length).toBe(STYLES.length);
    expect(cleaned).not.toContain("disabled_function");
    expect(cleaned).not.toMatch(/"\{ not a function\(\) \{"/);
    expect(functions.some((fn) => fn.name === "prototype_only" || fn.name === "disabled_function")).toBe(false);
  });

  it("finds calls with their arguments and skips member calls", () => {
    const source = "void f(client *c) {\n    addReply(c, createObject(OBJ_STRING, sdsnew(\"(\")));\n    c->proc(c);\n    if (x) g();\n}\n";
    const cleaned = cleanCSource(source);
    const starts = lineStarts(cleaned);
    const fn = findCFunctions(source)[0];
    const calls = findCalls(cleaned, fn.bodyStart, fn.bodyEnd, (offset) => lineOfOffset(starts, offset));
    expect(calls.map((call) => [call.name, call.line, call.args.length])).toEqual([
      ["addReply", 2, 2],
      ["createObject", 2, 2],
      ["sdsnew", 2, 1],
      ["g", 4, 0],
    ]);
  });

  it("parses git hunk headers, even when git cut them off", () => {
    const truncated = parseSignatureText("unsigned int getKeysInSlot(unsigned int hashslot, robj **keys, unsigned int c", true);
    expect(truncated).toMatchObject({ name: "getKeysInSlot", paramsComplete: false });
    expect(truncated!.params.map((p) => p.name)).toEqual(["hashslot", "keys"]);
    expect(parseSignatureText("static struct foo *lookup(dict *d, const char *key)")?.name).toBe("lookup");
    expect(parseSignatureText("struct redisServer {")).toBeNull();
    expect(parseSignatureText("if (x && y)")).toBeNull();
    expect(parseSignatureText("x = compute(a, b)")).toBeNull();
  });
});
