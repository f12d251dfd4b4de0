import Link from "next/link";
import { FACT_VOCABULARY, type FactName } from "@/lib/runbooks/facts";
import { factsFromFormValues, FORM_BOOLEAN_FACTS, FORM_LIST_FACTS, FORM_WHAT_FACTS, FORM_WHERE_FACTS, type RunbookFormValues } from "@/lib/view/runbook-form";

const BOOLEAN_LABELS: Record<string, string> = { "": "not recorded", true: "yes", false: "no" };

function TextFact({ name, values }: { name: FactName & keyof RunbookFormValues["text"]; values: RunbookFormValues }) {
  return (
    <label className="field">
      <span className="field-label mono">{name}</span>
      <input name={name} defaultValue={values.text[name] ?? ""} placeholder={name === "system" ? "redis" : undefined} data-testid={`fact-${name}`} />
      <span className="field-hint">{FACT_VOCABULARY[name].description}</span>
    </label>
  );
}

/**
 * The facts the generator reads, as a plain GET form: submitting regenerates the page, and the URL
 * of a generated runbook can be shared. An incident can be loaded instead of typing its facts. Once a
 * runbook is shown the form folds away, so the steps come first.
 */
export function RunbookFactsForm({ values, incidents, incident, folded }: { values: RunbookFormValues; incidents: { slug: string; title: string }[]; incident?: string; folded: boolean }) {
  const recorded = Object.keys(factsFromFormValues(values).facts).length;
  const whereFilled = FORM_WHERE_FACTS.some((name) => values.text[name]);
  return (
    <div className="runbook-forms no-print">
      {incidents.length > 0 && (
        <form method="get" action="/runbooks" className="inline-form" data-testid="runbook-incident-form">
          <label className="field">
            <span className="field-label">Generate for a recorded incident</span>
            <select name="incident" defaultValue={incident ?? ""} data-testid="runbook-incident">
              <option value="">choose…</option>
              {incidents.map((item) => (
                <option key={item.slug} value={item.slug}>
                  {item.title}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button" data-testid="runbook-incident-submit">
            Load and generate
          </button>
        </form>
      )}
      <details className="card runbook-facts" open={!folded} data-testid="runbook-facts">
        <summary>
          Facts{recorded > 0 && ` — ${recorded} recorded`}
          {folded && <span className="muted small"> (open to change them and generate again)</span>}
        </summary>
        <form method="get" action="/runbooks" className="form-grid runbook-facts-form" data-testid="runbook-facts-form">
          {FORM_WHAT_FACTS.map((name) => (
            <TextFact key={name} name={name} values={values} />
          ))}
          {FORM_BOOLEAN_FACTS.map((name) => (
            <label key={name} className="field">
              <span className="field-label mono">{name}</span>
              <select name={name} defaultValue={values.booleans[name] ?? ""} data-testid={`fact-${name}`}>
                {["", "true", "false"].map((option) => (
                  <option key={option} value={option}>
                    {BOOLEAN_LABELS[option]}
                  </option>
                ))}
              </select>
              <span className="field-hint">{FACT_VOCABULARY[name].description}</span>
            </label>
          ))}
          {(Object.keys(FORM_LIST_FACTS) as (keyof typeof FORM_LIST_FACTS)[]).map((name) => (
            <fieldset key={name} className="wide runbook-choices" data-testid={`fact-${name}`}>
              <legend className="mono">{name}</legend>
              {FORM_LIST_FACTS[name].map((option) => (
                <label key={option} className="runbook-choice">
                  <input type="checkbox" name={name} value={option} defaultChecked={values.lists[name].includes(option)} /> {option}
                </label>
              ))}
            </fieldset>
          ))}
          <details className="wide runbook-where" open={whereFilled}>
            <summary>Where it runs — fills in the commands (host, port, pid…)</summary>
            <div className="form-grid">
              {FORM_WHERE_FACTS.map((name) => (
                <TextFact key={name} name={name} values={values} />
              ))}
            </div>
          </details>
          <label className="field wide">
            <span className="field-label">Tags</span>
            <input name="tags" defaultValue={values.tags} placeholder="memory-leak, redis" data-testid="fact-tags" />
            <span className="field-hint">Comma-separated; only used to find similar past incidents.</span>
          </label>
          <div className="form-actions wide">
            <button type="submit" className="button primary" data-testid="runbook-generate">
              Generate runbook
            </button>
            <Link href="/runbooks">Clear</Link>
          </div>
        </form>
      </details>
    </div>
  );
}
