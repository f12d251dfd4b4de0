import { describe, expect, it } from "vitest";
import { decodeEntityCodes } from "@/app/_components/mermaid-renderer";

describe("decodeEntityCodes (mermaid SVG labels with htmlLabels off)", () => {
  it("turns the entity codes mermaid leaves in SVG text into characters, re-escaping markup", () => {
    expect(decodeEntityCodes("<tspan>used&amp;#95;memory &amp;#40;16&amp;#58;30&amp;#41;</tspan>")).toBe("<tspan>used_memory (16:30)</tspan>");
    expect(decodeEntityCodes("<tspan>&amp;#60;script&amp;#62; &amp;#38;</tspan>")).toBe("<tspan>&lt;script&gt; &amp;</tspan>");
  });

  it("leaves ordinary escaped text and impossible code points alone", () => {
    expect(decodeEntityCodes("<tspan>a &amp; b &amp;#99999999;</tspan>")).toBe("<tspan>a &amp; b &amp;#99999999;</tspan>");
  });
});
