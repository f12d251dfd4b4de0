import type { Facts } from "@/lib/domain/incident";
import { formatValue } from "@/lib/view/format";

export function FactsTable({ facts }: { facts: Facts }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return <p className="muted">No facts recorded. Add them on the edit page (system, version, allocator…).</p>;
  return (
    <table className="data-table facts-table" data-testid="facts-table">
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row" className="mono">
              {name}
            </th>
            <td>{formatValue(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
