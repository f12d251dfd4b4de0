import type { ActionItem } from "@/lib/domain/action-item";
import { ActionItemRow } from "./ActionItemRow";
import { AddActionItemForm } from "./AddActionItemForm";

export function ActionItems({ slug, items }: { slug: string; items: ActionItem[] }) {
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">No action items yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="action-items">
            <thead>
              <tr>
                <th>Action</th>
                <th>Owner</th>
                <th>Due</th>
                <th>Type</th>
                <th>Status</th>
                <th className="no-print" aria-label="Delete" />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <ActionItemRow key={item.key} slug={slug} item={item} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddActionItemForm slug={slug} />
    </>
  );
}
