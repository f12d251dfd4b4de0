"use client";

import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

export function DeleteAttachmentButton({ slug, id, filename }: { slug: string; id: string; filename: string }) {
  const { pending, error, run } = useApiAction();
  return (
    <>
      <button
        type="button"
        className="button small subtle danger-text no-print"
        disabled={pending}
        data-testid="attachment-delete"
        onClick={() => {
          if (window.confirm(`Delete the attachment “${filename}”? This cannot be undone.`)) void run(() => callApi("DELETE", `/api/v1/incidents/${slug}/attachments/${id}`));
        }}
      >
        Delete
      </button>
      <FormError error={error} />
    </>
  );
}
