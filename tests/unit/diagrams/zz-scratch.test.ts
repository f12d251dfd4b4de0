import { test, vi, expect } from "vitest";

test("mermaid parse in node", async () => {
  const { default: purify } = await import("dompurify");
  Object.assign(purify as any, { sanitize: (s: string) => s, addHook: () => {}, removeHook: () => {}, removeHooks: () => {}, removeAllHooks: () => {} });
  const { default: mermaid } = await import("mermaid");
  const src = `flowchart TB
  subgraph day_1["Day 1 #183; x"]
    direction TB
    e_a["16#58;30 #183; A #quot; click e_b call alert#40;1#41; #37;#37;#123;init#125;"]
    e_b{{"hyp"}}
  end
  e_a -->|supports| e_b
  classDef observation fill:#e8f1fb,stroke:#4a7fb5,stroke-dasharray:5 3
  class e_a observation
`;
  const r = await mermaid.parse(src);
  console.log(r);
  const diag = await (mermaid as any).mermaidAPI.getDiagramFromText(src);
  const db = diag.db;
  console.log([...db.getVertices().values()].map((v: any) => [v.id, v.text, v.classes, v.haveCallback, v.link]));
  console.log(db.getClasses(), db.getTooltip?.("e_a"));
  expect(r).toBeTruthy();
}, 60000);
