"use client";

import { useRouter } from "next/navigation";
import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

/** Deletes the whole incident (timeline, links, attachments) after a confirmation. */
export function DeleteIncidentButton({ slug, title, version }: { slug: string; title: string; version: number }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  async function remove() {
    if (!window.confirm(`Delete “${title}” with its whole timeline, links, action items and attachments? This cannot be undone.`)) return;
    const result = await run(() => callApi("DELETE", `/api/v1/incidents/${slug}?version=${version}`), { refresh: false });
    if (result.ok) {
      router.push("/incidents");
      router.refresh();
    }
  }
  return (
    <div className="danger-zone">
      <FormError error={error} />
      <button type="button" className="button danger" onClick={remove} disabled={pending} data-testid="incident-delete">
        {pending ? "Deleting…" : "Delete incident"}
      </button>
    </div>
  );
}
