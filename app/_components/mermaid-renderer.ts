"use client";

import { neutralizeMermaidHtml } from "@/lib/diagrams/user-source";

/** The font stack diagrams use, so Chinese labels render like the rest of the page. */
const DIAGRAM_FONTS = '"Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

type MermaidApi = (typeof import("mermaid"))["default"];
let loading: Promise<MermaidApi> | null = null;
let counter = 0;

/** Loads mermaid on first use (browser only) and initialises it once, in strict mode. */
function loadMermaid(): Promise<MermaidApi> {
  loading ??= import("mermaid").then(({ default: mermaid }) => {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      suppressErrorRendering: true,
      theme: "neutral",
      fontFamily: DIAGRAM_FONTS,
      themeVariables: { fontFamily: DIAGRAM_FONTS },
      flowchart: { htmlLabels: false, useMaxWidth: true },
    });
    return mermaid;
  });
  return loading;
}

/** Mermaid source → SVG markup (HTML in labels shown as text; strict mode besides). Call from an effect. */
export async function renderMermaidSvg(source: string): Promise<string> {
  const mermaid = await loadMermaid();
  counter += 1;
  const { svg } = await mermaid.render(`casebook-mermaid-${counter}`, neutralizeMermaidHtml(source));
  return decodeEntityCodes(svg);
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * With htmlLabels off, mermaid 11 draws entity codes (`#58;`, which lib/diagrams/mermaid-text.ts writes
 * for `:`) as the literal text `&#58;` (mermaid-js/mermaid#7015). Turn them into the characters.
 */
export function decodeEntityCodes(svg: string): string {
  return svg.replace(/&amp;#(\d{1,7});/g, (whole, code: string) => {
    const point = Number(code);
    if (point > 0x10ffff) return whole;
    const char = String.fromCodePoint(point);
    return XML_ESCAPES[char] ?? char;
  });
}
