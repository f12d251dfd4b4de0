"use client";

import { useEffect, useState } from "react";
import type { EntryOption } from "@/lib/view/entry-choices";
import { callApi, toApiError } from "../api-client";

export type EntryChoices = { state: "loading" } | { state: "failed"; message: string } | { state: "done"; options: EntryOption[] };

/** One request per (incident, stamp) however many forms ask: the link and upload forms share it. */
const requests = new Map<string, Promise<EntryOption[]>>();

function request(slug: string, stamp: string): Promise<EntryOption[]> {
  const id = `${slug}\n${stamp}`;
  let pending = requests.get(id);
  if (!pending) {
    pending = callApi<{ entries: EntryOption[] }>("GET", `/api/v1/incidents/${encodeURIComponent(slug)}/entry-choices`).then(({ entries }) => entries);
    pending.catch(() => requests.delete(id)); // a failed request is asked again next time
    requests.clear(); // older stamps are stale: keep only the current one
    requests.set(id, pending);
  }
  return pending;
}

/**
 * The incident's entries as choices for a form, fetched once the form is in the browser instead of
 * sent inside the page (a 500-entry incident would carry 500 <option>s twice, in each form, on every
 * view). `stamp` changes with every write to the incident (version and updatedAt), so an entry added
 * a moment ago is a choice as soon as the page has refreshed.
 */
export function useEntryChoices(slug: string, stamp: string): EntryChoices {
  const [answer, setAnswer] = useState<{ id: string; choices: EntryChoices } | null>(null);
  const id = `${slug}\n${stamp}`;

  useEffect(() => {
    let cancelled = false;
    const settle = (choices: EntryChoices) => !cancelled && setAnswer({ id, choices });
    request(slug, stamp).then(
      (options) => settle({ state: "done", options }),
      (error: unknown) => settle({ state: "failed", message: toApiError(error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [id, slug, stamp]);

  // While a newer stamp loads, the previous list stays usable (it differs by one entry at most).
  return answer?.choices ?? { state: "loading" };
}
