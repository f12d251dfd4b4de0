"use client";

import { ACTION_ITEM_STATUSES, type ActionItem } from "@/lib/domain/action-item";
import { ACTION_STATUS_LABELS } from "@/lib/view/labels";
import { callApi } from "../api-client";
import { FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

/** One action item: its status can change in place; it can be deleted. */
export function ActionItemRow({ slug, item }: { slug: string; item: ActionItem }) {
  const { pending, error, run } = useApiAction();
  const url = `/api/v1/incidents/${slug}/action-items/${item.key}`;
  return (
    <tr data-testid="action-item" data-key={item.key} className={`action-${item.status}`}>
      <td>
        {item.externalLink ? (
          <a href={item.externalLink} rel="noopener noreferrer" target="_blank">
            {item.title}
          </a>
        ) : (
          item.title
        )}
        <FormError error={error} />
      </td>
      <td>{item.owner || <span className="muted">—</span>}</td>
      <td className="nowrap">{item.dueDate ?? <span className="muted">—</span>}</td>
      <td>
        <span className={`badge action-type-${item.type}`}>{item.type}</span>
      </td>
      <td>
        <select
          className="no-print"
          value={item.status}
          disabled={pending}
          aria-label={`Status of ${item.title}`}
          data-testid="action-item-status"
          onChange={(event) => void run(() => callApi("PATCH", url, { status: event.target.value, version: item.version }))}
        >
          {ACTION_ITEM_STATUSES.map((status) => (
            <option key={status} value={status}>
              {ACTION_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <span className="print-only">{ACTION_STATUS_LABELS[item.status]}</span>
      </td>
      <td className="no-print">
        <button
          type="button"
          className="button small subtle danger-text"
          disabled={pending}
          data-testid="action-item-delete"
          onClick={() => {
            if (window.confirm(`Delete the action item “${item.title}”?`)) void run(() => callApi("DELETE", url));
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
