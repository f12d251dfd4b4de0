"use client";

import { useState, useSyncExternalStore } from "react";
import { EXPORT_FORMATS, FORMAT_LABELS, renderChecklistExport, type ChecklistDocument, type ExportFormat } from "@/lib/checklists/exports";

// Links in the exports point at this Casebook; the origin is only known in the browser.
const subscribeNever = () => () => undefined;
const browserOrigin = () => window.location.origin;

function download(text: string, filename: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked on the next tick: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The export of a checklist in each format, rendered by the same code as the API, with a download button. */
export function ExportPreview({ doc }: { doc: ChecklistDocument }) {
  const [format, setFormat] = useState<ExportFormat>("github");
  const origin = useSyncExternalStore(subscribeNever, browserOrigin, () => "");
  const rendered = renderChecklistExport(doc, format, { baseUrl: origin });
  return (
    <div className="export-preview" data-testid="export-preview">
      <div className="format-tabs" role="tablist" aria-label="Export format">
        {EXPORT_FORMATS.map((candidate) => (
          <button
            key={candidate}
            type="button"
            role="tab"
            aria-selected={format === candidate}
            className={format === candidate ? "active" : undefined}
            onClick={() => setFormat(candidate)}
            data-testid={`preview-format-${candidate}`}
          >
            {FORMAT_LABELS[candidate]}
          </button>
        ))}
      </div>
      <pre data-testid="export-preview-text">{rendered.body.replace(/^\uFEFF/, "")}</pre>
      <p className="small muted">
        Commit it as <code>{rendered.suggestedPath}</code>.{" "}
        <button type="button" className="button small" onClick={() => download(rendered.body, rendered.filename, rendered.contentType)} data-testid="export-download">
          Download {rendered.filename}
        </button>
      </p>
    </div>
  );
}
