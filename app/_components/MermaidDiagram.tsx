"use client";

import { useEffect, useRef, useState } from "react";
import { renderMermaidSvg } from "./mermaid-renderer";

/** Draws one mermaid diagram in the browser; on a syntax error shows the message and the source. */
export function MermaidDiagram({ source, label, testId }: { source: string; label: string; testId?: string }) {
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ source: string; status: "rendered" | "failed"; message?: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    renderMermaidSvg(source).then(
      (svg) => {
        if (cancelled || !target.current) return;
        target.current.innerHTML = svg;
        setState({ source, status: "rendered" });
      },
      (error: unknown) => {
        if (!cancelled) setState({ source, status: "failed", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [source]);

  const current = state?.source === source ? state : null;
  return (
    <figure className="diagram" data-testid={testId} data-diagram-state={current?.status ?? "pending"}>
      {!current && <p className="muted">Drawing diagram…</p>}
      {/* Filled with mermaid's SVG outside React, so it has no React children. */}
      <div ref={target} className="diagram-canvas" role="img" aria-label={label} />
      {current?.status === "failed" && (
        <div className="form-error">
          <p>The diagram could not be drawn: {current.message}</p>
          <pre>{source}</pre>
        </div>
      )}
    </figure>
  );
}
