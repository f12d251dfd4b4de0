import { describe, expect, it } from "vitest";
import { mermaidLabel, mermaidNodeIds } from "@/lib/diagrams/mermaid-text";

describe("mermaidLabel", () => {
  it("keeps letters, digits, Chinese and plain punctuation as they are", () => {
    expect(mermaidLabel("泄漏的内存为 SDS 字符串, len = alloc = 84")).toBe("泄漏的内存为 SDS 字符串, len = alloc = 84");
  });

  it("writes quotes, brackets, markdown and HTML characters as entity codes", () => {
    expect(mermaidLabel('a "b" [c] (d) {e} <f> `g` *h* _i_ |j| #k; %l: &m')).toBe(
      "a #34;b#34; #91;c#93; #40;d#41; #123;e#125; #60;f#62; #96;g#96; #42;h#42; #95;i#95; #124;j#124; #35;k#59; #37;l#58; #38;m",
    );
  });

  it("cannot open a directive, a comment or a new statement", () => {
    const label = mermaidLabel('x"]\n%%{init: {"securityLevel":"loose"}}%%\nclick n_a call alert(1)\n%% comment');
    // Entity codes end in ";", so look at what is left without them.
    expect(label.replace(/#\d+;/g, "")).not.toMatch(/["\n\r%{}();:#]/);
    expect(label).toContain("click n#95;a call alert#40;1#41;");
  });

  it("flattens whitespace and control characters to single spaces", () => {
    expect(mermaidLabel(" a\r\n\tb\u0000c\u2028d  ")).toBe("a b c d");
  });

  it("shortens long text without splitting a character", () => {
    const label = mermaidLabel("😀".repeat(100), 10);
    expect(label).toBe(`${"#128512;".repeat(9)}…`);
    expect(mermaidLabel("x".repeat(80))).toBe("x".repeat(80));
    expect(mermaidLabel("x".repeat(81))).toBe(`${"x".repeat(79)}…`);
  });
});

describe("mermaidNodeIds", () => {
  it("derives ids from keys with a prefix, never from titles", () => {
    const ids = mermaidNodeIds(["alert-after-scale-in", "end", "o", "x-ray", "click"], "e_");
    expect([...ids.values()]).toEqual(["e_alert_after_scale_in", "e_end", "e_o", "e_x_ray", "e_click"]);
  });

  it("falls back to numbered ids for anything that is not a slug, and keeps ids unique", () => {
    const ids = mermaidNodeIds(["ok", 'bad key"]', "1", "BAD"], "e_");
    expect([...ids.values()]).toEqual(["e_ok", "e_1", "e_1_", "e_3"]);
    for (const id of ids.values()) expect(id).toMatch(/^[A-Za-z0-9_]+$/);
  });
});
