import type { ActionItem } from "@/lib/domain/action-item";
import { ACTION_STATUS_LABELS } from "@/lib/view/labels";

export function ActionItemSummary({ items }: { items: ActionItem[] }) {
  if (items.length === 0) return <p className="muted">No action items.</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>Action</th>
          <th>Type</th>
          <th>Owner</th>
          <th>Due</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.key}>
            <td>{item.externalLink ? <a href={item.externalLink}>{item.title}</a> : item.title}</td>
            <td>{item.type}</td>
            <td>{item.owner || "—"}</td>
            <td className="nowrap">{item.dueDate ?? "—"}</td>
            <td>{ACTION_STATUS_LABELS[item.status]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
