"use client";

import { FACT_VALUE_TYPES, type FactRow, type FactValueType } from "@/lib/view/incident-form";
import type { ApiError } from "../api-client";
import { FieldIssues } from "../FormMessages";

const TYPE_LABELS: Record<FactValueType, string> = { string: "text", number: "number", boolean: "yes/no", list: "comma list" };

/** Key/value rows for the incident's facts (system, version, allocator…), each with its value type. */
export function FactsEditor({ rows, onChange, error }: { rows: FactRow[]; onChange: (rows: FactRow[]) => void; error: ApiError | null }) {
  const update = (index: number, patch: Partial<FactRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="facts-editor wide" data-testid="facts-editor">
      <legend>Facts</legend>
      <p className="field-hint">Machine-readable facts the runbook generator uses, e.g. system = redis, version = 3.2.8, cluster = true.</p>
      {rows.length > 0 && (
        <table className="facts-rows">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Value</th>
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index} data-testid="fact-row">
                <td>
                  <input value={row.name} onChange={(event) => update(index, { name: event.target.value })} aria-label="Fact name" data-testid="fact-name" />
                  <FieldIssues error={error} field={`facts.${index}`} />
                </td>
                <td>
                  <select value={row.type} onChange={(event) => update(index, { type: event.target.value as FactValueType })} aria-label="Value type" data-testid="fact-type">
                    {FACT_VALUE_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {TYPE_LABELS[type]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {row.type === "boolean" ? (
                    <select value={row.value} onChange={(event) => update(index, { value: event.target.value })} aria-label="Fact value" data-testid="fact-value">
                      <option value="">choose…</option>
                      <option value="true">true</option>
                      <option value="false">false</option>
                    </select>
                  ) : (
                    <input value={row.value} onChange={(event) => update(index, { value: event.target.value })} aria-label="Fact value" data-testid="fact-value" />
                  )}
                  <FieldIssues error={error} field={`facts.${row.name.trim()}`} />
                </td>
                <td>
                  <button type="button" className="button small subtle" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button small" onClick={() => onChange([...rows, { name: "", type: "string", value: "" }])} data-testid="add-fact">
        Add fact
      </button>
    </fieldset>
  );
}
