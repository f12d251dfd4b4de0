"use client";

import { useRouter } from "next/navigation";
import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

export function DeleteChecklistButton({ name, version }: { name: string; version: number }) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  async function remove() {
    if (!window.confirm(`Delete the checklist "${name}"? Exports already committed elsewhere are not affected.`)) return;
    const result = await run(() => callApi("DELETE", `/api/v1/checklists/${name}?version=${version}`), { refresh: false });
    if (result.ok) router.push("/checklists");
  }
  return (
    <>
      <button type="button" className="button danger small" onClick={remove} disabled={pending} data-testid="checklist-delete">
        Delete
      </button>
      <FormError error={error} testId="checklist-delete-error" />
    </>
  );
}
