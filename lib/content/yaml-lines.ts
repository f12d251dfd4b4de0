/**
 * YAML with the file line of every key and list item, for content whose fields nest deeper than an
 * incident's frontmatter (runbook steps: `outcomes.2.next`). Validation issues are then reported as
 * `file:line` at the deepest part of their path that exists in the file.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { LineIssue } from "./frontmatter";

export interface YamlWithLines {
  /** The parsed value; undefined when the YAML has errors. */
  data: unknown;
  /** File line (1-based) of the deepest existing part of `path`; the first YAML line when none does. */
  lineOf(path: readonly PropertyKey[]): number;
  issues: LineIssue[];
}

const pathKey = (path: readonly PropertyKey[]) => path.map(String).join("\u0000");

/** Parses `text`, whose first line is line `firstLine` of the file. Duplicate keys are errors. */
export function parseYamlWithLines(text: string, firstLine: number): YamlWithLines {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const fileLine = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const lines = new Map<string, number>();
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let length = path.length; length > 0; length--) {
      const line = lines.get(pathKey(path.slice(0, length)));
      if (line !== undefined) return line;
    }
    return firstLine;
  };

  // One issue per line: a YAML mistake tends to cascade into several messages about the same spot.
  const issues: LineIssue[] = [];
  for (const error of doc.errors) {
    const line = fileLine(error.pos[0]);
    if (issues.some((issue) => issue.line === line)) continue;
    issues.push({ line, message: `invalid YAML: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}` });
  }
  if (issues.length) return { data: undefined, lineOf, issues };

  const visit = (node: unknown, path: PropertyKey[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const name = isScalar(key) ? String(key.value) : "?";
        if (key?.range) lines.set(pathKey([...path, name]), fileLine(key.range[0]));
        visit(pair.value, [...path, name]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const itemNode = item as Node | null;
        if (itemNode?.range) lines.set(pathKey([...path, index]), fileLine(itemNode.range[0]));
        visit(item, [...path, index]);
      });
    }
  };
  visit(doc.contents, []);
  return { data: doc.toJS({ maxAliasCount: 100 }), lineOf, issues };
}

export interface FrontmatterSplit {
  yaml: string;
  /** File line of the first YAML line. */
  yamlLine: number;
  body: string;
  /** File line of the first body line. */
  bodyLine: number;
}

/** Splits `---` frontmatter from the Markdown body, or says what is wrong with the fences. */
export function splitFrontmatter(text: string): FrontmatterSplit | LineIssue {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  if (lines[0] !== "---") return { line: 1, message: "a content file starts with YAML frontmatter: a line `---`, the fields, and another `---`" };
  const end = lines.indexOf("---", 1);
  if (end < 0) return { line: 1, message: "the frontmatter is never closed (no second `---` line)" };
  return { yaml: lines.slice(1, end).join("\n"), yamlLine: 2, body: lines.slice(end + 1).join("\n"), bodyLine: end + 2 };
}
