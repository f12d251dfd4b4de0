"use client";

import type { ShownEntryLink } from "@/lib/view/timeline";
import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

/** The links of one entry ("refutes → Rax tree leak: note"), each removable. */
export function EntryLinkList({ slug, links }: { slug: string; links: ShownEntryLink[] }) {
  const { pending, error, run } = useApiAction();
  if (links.length === 0) return null;
  return (
    <>
      <ul className="entry-links" data-testid="entry-links">
        {links.map((link) => (
          <li key={`${link.id}-${link.direction}`} className={`entry-link link-${link.type}`} data-testid="entry-link">
            <a href={link.href}>{link.label}</a>
            <button
              type="button"
              className="link-remove no-print"
              disabled={pending}
              aria-label={`Remove link: ${link.label}`}
              title="Remove this link"
              onClick={() => {
                if (window.confirm(`Remove the link “${link.label}”?`)) void run(() => callApi("DELETE", `/api/v1/incidents/${slug}/links/${link.id}`));
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <FormError error={error} />
    </>
  );
}
