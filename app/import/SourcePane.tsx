"use client";

import { useEffect, useRef } from "react";

/**
 * The pasted text with line numbers; the lines the selected draft item came from are highlighted
 * and scrolled into view, so draft and source can be compared side by side.
 */
export function SourcePane({ text, highlight }: { text: string; highlight: [number, number] | null }) {
  const list = useRef<HTMLOListElement>(null);
  const lines = text.replace(/\r\n?/g, "\n").split("\n");

  useEffect(() => {
    if (!highlight || !list.current) return;
    const first = list.current.querySelector<HTMLElement>(`[data-line="${highlight[0]}"]`);
    const pane = list.current.parentElement;
    // The pane is the positioned scroll container, so offsetTop is measured from its top.
    if (first && pane) pane.scrollTo({ top: Math.max(0, first.offsetTop - 24), behavior: "smooth" });
  }, [highlight]);

  return (
    <div className="narrative-source" data-testid="narrative-source">
      <ol ref={list}>
        {lines.map((line, index) => {
          const number = index + 1;
          const active = highlight !== null && number >= highlight[0] && number <= highlight[1];
          return (
            <li key={number} data-line={number} className={active ? "active" : undefined} data-active={active || undefined}>
              <span className="line-number" aria-hidden="true">
                {number}
              </span>
              <span className="line-text">{line || " "}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
