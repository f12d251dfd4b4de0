"use client";

import { useRouter } from "next/navigation";
import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

/** Brings the entity back to this revision's state, recorded as a new revision. */
export function RestoreRevisionButton({ slug, revisionId, description, deleted }: { slug: string; revisionId: string; description: string; deleted: boolean }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  async function restore() {
    if (!window.confirm(`Restore ${description} to this revision? The restore is recorded as a new revision.`)) return;
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/revisions/${revisionId}/restore`), { refresh: false });
    if (result.ok) {
      router.push(`/incidents/${slug}/revisions`);
      router.refresh();
    }
  }
  return (
    <div className="no-print">
      <button type="button" className="button primary" onClick={restore} disabled={pending} data-testid="revision-restore">
        {pending ? "Restoring…" : deleted ? "Bring it back" : "Restore this version"}
      </button>
      <FormError error={error} />
    </div>
  );
}
