/**
 * The runbook page's facts form: a plain GET form, so a generated runbook is a link a responder can
 * share. Query parameters ⇄ facts; list facts are repeated parameters (`events=failover&events=…`).
 */
import type { Facts } from "../domain/incident";
import { FACT_VOCABULARY, KNOWN_EVENTS, KNOWN_SYMPTOMS, type FactName } from "../runbooks/facts";

export type SearchParams = Record<string, string | string[] | undefined>;

/** Text fields about what runs (they choose the steps)… */
export const FORM_WHAT_FACTS = ["system", "version", "allocator", "allocatorVersion", "role", "kernel", "fork", "forkRef"] as const satisfies readonly FactName[];
/** …and about where it runs (they only fill the commands' placeholders). */
export const FORM_WHERE_FACTS = ["host", "port", "pid", "binary", "replicaHost", "replicaPort", "keyCount", "repo"] as const satisfies readonly FactName[];
export const FORM_TEXT_FACTS = [...FORM_WHAT_FACTS, ...FORM_WHERE_FACTS] as const;
export const FORM_BOOLEAN_FACTS = ["allocatorProfiling", "cluster", "reproducible", "container"] as const satisfies readonly FactName[];
export const FORM_LIST_FACTS = { events: KNOWN_EVENTS, symptoms: KNOWN_SYMPTOMS } as const;

export interface RunbookFormValues {
  text: Partial<Record<(typeof FORM_TEXT_FACTS)[number], string>>;
  /** "true", "false" or "" (not recorded). */
  booleans: Partial<Record<(typeof FORM_BOOLEAN_FACTS)[number], string>>;
  lists: { events: string[]; symptoms: string[] };
  tags: string;
}

export function describeFact(name: FactName): string {
  return FACT_VOCABULARY[name].description;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
const all = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((item) => item.trim()).filter(Boolean);

/** Form values from the query string (what the person submitted). */
export function formValuesFromParams(params: SearchParams): RunbookFormValues {
  const values: RunbookFormValues = { text: {}, booleans: {}, lists: { events: all(params.events), symptoms: all(params.symptoms) }, tags: first(params.tags) };
  for (const name of FORM_TEXT_FACTS) if (first(params[name])) values.text[name] = first(params[name]);
  for (const name of FORM_BOOLEAN_FACTS) if (["true", "false"].includes(first(params[name]))) values.booleans[name] = first(params[name]);
  return values;
}

/** Form values from recorded facts (an incident loaded into the form). Facts outside the form are dropped. */
export function formValuesFromFacts(facts: Facts, tags: string[]): RunbookFormValues {
  const values: RunbookFormValues = { text: {}, booleans: {}, lists: { events: [], symptoms: [] }, tags: tags.join(", ") };
  for (const name of FORM_TEXT_FACTS) {
    const value = facts[name];
    if (value !== undefined && !Array.isArray(value)) values.text[name] = String(value);
  }
  for (const name of FORM_BOOLEAN_FACTS) {
    const value = facts[name];
    if (typeof value === "boolean" || value === "true" || value === "false") values.booleans[name] = String(value);
  }
  for (const name of ["events", "symptoms"] as const) {
    const value = facts[name];
    values.lists[name] = Array.isArray(value) ? value : typeof value === "string" ? value.split(",").map((item) => item.trim()).filter(Boolean) : [];
  }
  return values;
}

export function factsFromFormValues(values: RunbookFormValues): { facts: Facts; tags: string[] } {
  const facts: Facts = {};
  for (const [name, value] of Object.entries(values.text)) if (value) facts[name] = value;
  for (const [name, value] of Object.entries(values.booleans)) if (value) facts[name] = value === "true";
  if (values.lists.events.length) facts.events = values.lists.events;
  if (values.lists.symptoms.length) facts.symptoms = values.lists.symptoms;
  return { facts, tags: values.tags.split(",").map((tag) => tag.trim()).filter(Boolean) };
}

export function hasAnyFact(values: RunbookFormValues): boolean {
  return Object.keys(factsFromFormValues(values).facts).length > 0;
}

/** A link to this page with the given facts filled in (e.g. from the trigger-window tool's suggestions). */
export function runbookLink(facts: { events?: string[]; symptoms?: string[] }): string {
  const query = new URLSearchParams();
  for (const event of facts.events ?? []) query.append("events", event);
  for (const symptom of facts.symptoms ?? []) query.append("symptoms", symptom);
  return `/runbooks?${query.toString()}`;
}
