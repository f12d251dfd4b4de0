import { describe, expect, it } from "vitest";
import { neutralizeMermaidHtml } from "@/lib/diagrams/user-source";

describe("neutralizeMermaidHtml", () => {
  it("turns tag starts in labels into mermaid entity codes", () => {
    expect(neutralizeMermaidHtml('A["<img src=x onerror=alert(1)>"] --> B')).toBe('A["#60;img src=x onerror=alert(1)>"] --> B');
    expect(neutralizeMermaidHtml("X[<b onmouseover=alert(1)>x</b>]")).toBe("X[#60;b onmouseover=alert(1)>x#60;/b>]");
    expect(neutralizeMermaidHtml("A[<!-- x -->] --> B[<?xml ?>]")).toBe("A[#60;!-- x -->] --> B[#60;?xml ?>]");
    expect(neutralizeMermaidHtml("A[<SCRIPT>]")).toBe("A[#60;SCRIPT>]");
  });

  it("leaves mermaid syntax that starts with < alone", () => {
    for (const source of ["A <--> B", "Shape <|-- Circle", "<<interface>> Shape", "A <-.-> B", "A x--x B", 'A["one<br>two<br/>three"]', "A <== B", "x < 3"]) {
      expect(neutralizeMermaidHtml(source)).toBe(source);
    }
  });
});
