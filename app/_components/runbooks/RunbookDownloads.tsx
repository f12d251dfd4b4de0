"use client";

import { useState } from "react";
import type { RunbookGenerateRequest } from "@/lib/runbooks/requests";

/**
 * Downloads the runbook as Runme-compatible Markdown or as JSON, generated again by the API from the
 * same request (the page does not carry both renderings inline).
 */
export function RunbookDownloads({ request }: { request: RunbookGenerateRequest }) {
  const [error, setError] = useState<string | null>(null);

  async function download(format: "md" | "json") {
    setError(null);
    try {
      const response = await fetch(`/api/v1/runbooks/generate?format=${format}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      if (!response.ok) throw new Error(((await response.json()) as { error?: string }).error ?? `HTTP ${response.status}`);
      const text = format === "json" ? JSON.stringify(await response.json(), null, 2) : await response.text();
      const url = URL.createObjectURL(new Blob([text], { type: format === "md" ? "text/markdown" : "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `memory-leak-runbook.${format}`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <p className="button-row no-print">
      <button type="button" className="button small" onClick={() => download("md")} data-testid="runbook-download-md">
        Download Markdown (Runme)
      </button>
      <button type="button" className="button small" onClick={() => download("json")} data-testid="runbook-download-json">
        Download JSON
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </p>
  );
}
