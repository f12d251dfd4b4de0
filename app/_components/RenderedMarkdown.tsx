"use client";

import { useEffect, useRef } from "react";
import { renderMermaidSvg } from "./mermaid-renderer";

/**
 * Shows HTML produced by renderMarkdown (lib/markdown/render.ts, sanitised on the server) and draws
 * any ```mermaid fences in it. Never pass it anything but renderMarkdown output.
 */
export function RenderedMarkdown({ html, className = "markdown", testId }: { html: string; className?: string; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    let cancelled = false;
    const fences = [...root.querySelectorAll<HTMLElement>("code.language-mermaid")];
    for (const code of fences) (code.closest("pre") ?? code).setAttribute("data-diagram-state", "pending");
    (async () => {
      for (const code of fences) {
        const block = code.closest("pre") ?? code;
        try {
          const svg = await renderMermaidSvg(code.textContent ?? "");
          if (cancelled || !block.isConnected) return;
          const figure = document.createElement("figure");
          figure.className = "diagram";
          figure.dataset.diagramState = "rendered";
          figure.innerHTML = svg;
          block.replaceWith(figure);
        } catch (error) {
          if (cancelled) return;
          block.setAttribute("data-diagram-state", "failed");
          block.setAttribute("title", `mermaid: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [html]);

  if (!html) return null;
  return <div ref={container} className={className} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
