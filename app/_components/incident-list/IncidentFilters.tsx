import Link from "next/link";
import { INCIDENT_STATUSES, INCIDENT_STATUS_LABELS, SEVERITIES } from "@/lib/domain/incident";

export interface IncidentFilterValues {
  status?: string;
  severity?: string;
  service?: string;
  tag?: string;
  q?: string;
}

/** A plain GET form: the filters live in the query string, so filtered lists can be bookmarked. */
export function IncidentFilters({ values, services, tags }: { values: IncidentFilterValues; services: string[]; tags: string[] }) {
  const active = Object.values(values).some(Boolean);
  return (
    <form method="get" action="/incidents" className="filters no-print" data-testid="incident-filters">
      <label className="field">
        <span className="field-label">Search</span>
        <input type="search" name="q" defaultValue={values.q ?? ""} placeholder="title or slug" data-testid="filter-q" />
      </label>
      <label className="field">
        <span className="field-label">Status</span>
        <select name="status" defaultValue={values.status ?? ""} data-testid="filter-status">
          <option value="">any</option>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {INCIDENT_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Severity</span>
        <select name="severity" defaultValue={values.severity ?? ""} data-testid="filter-severity">
          <option value="">any</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {severity.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Service</span>
        <input name="service" list="known-services" defaultValue={values.service ?? ""} data-testid="filter-service" />
        <datalist id="known-services">
          {services.map((service) => (
            <option key={service} value={service} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span className="field-label">Tag</span>
        <input name="tag" list="known-tags" defaultValue={values.tag ?? ""} data-testid="filter-tag" />
        <datalist id="known-tags">
          {tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
      </label>
      <div className="filter-actions">
        <button type="submit" className="button" data-testid="filter-apply">
          Filter
        </button>
        {active && <Link href="/incidents">Clear</Link>}
      </div>
    </form>
  );
}
