import type { ErrorIssue } from "../errors";
import type { FactValue, Facts, Incident, IncidentStatus, Severity } from "../domain/incident";
import { formatZonedIso, zonedParts, zonedToInstant } from "../domain/entry-time";

/** How a fact's text box is read back: the domain allows strings, numbers, booleans and string lists. */
export type FactValueType = "string" | "number" | "boolean" | "list";
export const FACT_VALUE_TYPES: FactValueType[] = ["string", "number", "boolean", "list"];

export interface FactRow {
  name: string;
  type: FactValueType;
  value: string;
}

/** The incident form's state: everything as the text a person types. */
export interface IncidentFormValues {
  slug: string;
  title: string;
  titleOriginal: string;
  originalLanguage: string;
  summary: string;
  summaryOriginal: string;
  status: IncidentStatus;
  severity: Severity;
  services: string;
  tags: string;
  timezone: string;
  /** `datetime-local` values (YYYY-MM-DDTHH:MM) on the incident's wall clock. */
  startedAt: string;
  detectedAt: string;
  resolvedAt: string;
  impact: string;
  facts: FactRow[];
  rootCause: string;
  contributingFactors: string;
}

export const DATE_FIELDS = ["startedAt", "detectedAt", "resolvedAt"] as const;

const pad = (n: number) => String(n).padStart(2, "0");

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An instant as the `datetime-local` text of the given zone's wall clock. */
export function toDateTimeLocal(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  const zone = isKnownTimeZone(timeZone) ? timeZone : "UTC";
  const p = zonedParts(iso, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** `datetime-local` text read on the zone's wall clock → ISO 8601 with that zone's offset; null if empty. */
export function fromDateTimeLocal(value: string, timeZone: string): string | null {
  const text = value.trim();
  if (!text) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!match) throw new Error(`"${value}" is not a date and time like 2024-10-20T11:30`);
  const [, year, month, day, hour, minute, second] = match;
  const instant = zonedToInstant({ year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: +(second ?? 0) }, timeZone);
  return formatZonedIso(instant, timeZone);
}

export function factValueType(value: FactValue): FactValueType {
  if (Array.isArray(value)) return "list";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "string";
}

export function factRows(facts: Facts): FactRow[] {
  return Object.entries(facts).map(([name, value]) => ({
    name,
    type: factValueType(value),
    value: Array.isArray(value) ? value.join(", ") : String(value),
  }));
}

export const splitCommaList = (text: string): string[] =>
  text
    .split(/[,，]/)
    .map((item) => item.trim())
    .filter(Boolean);

export function emptyIncidentForm(): IncidentFormValues {
  return {
    slug: "",
    title: "",
    titleOriginal: "",
    originalLanguage: "",
    summary: "",
    summaryOriginal: "",
    status: "investigating",
    severity: "sev3",
    services: "",
    tags: "",
    timezone: "UTC",
    startedAt: "",
    detectedAt: "",
    resolvedAt: "",
    impact: "",
    facts: [],
    rootCause: "",
    contributingFactors: "",
  };
}

export function incidentToFormValues(incident: Incident): IncidentFormValues {
  return {
    slug: incident.slug,
    title: incident.title,
    titleOriginal: incident.titleOriginal,
    originalLanguage: incident.originalLanguage,
    summary: incident.summary,
    summaryOriginal: incident.summaryOriginal,
    status: incident.status,
    severity: incident.severity,
    services: incident.services.join(", "),
    tags: incident.tags.join(", "),
    timezone: incident.timezone,
    startedAt: toDateTimeLocal(incident.startedAt, incident.timezone),
    detectedAt: toDateTimeLocal(incident.detectedAt, incident.timezone),
    resolvedAt: toDateTimeLocal(incident.resolvedAt, incident.timezone),
    impact: incident.impact,
    facts: factRows(incident.facts),
    rootCause: incident.rootCause,
    contributingFactors: incident.contributingFactors.join("\n"),
  };
}

function readFactValue(row: FactRow): FactValue {
  switch (row.type) {
    case "number": {
      const number = Number(row.value.trim());
      if (!row.value.trim() || !Number.isFinite(number)) throw new Error(`"${row.value}" is not a number`);
      return number;
    }
    case "boolean": {
      const text = row.value.trim().toLowerCase();
      if (text !== "true" && text !== "false") throw new Error("must be true or false");
      return text === "true";
    }
    case "list":
      return splitCommaList(row.value);
    case "string":
      return row.value;
  }
}

export interface IncidentPayloadResult {
  payload: Record<string, unknown>;
  /** Problems found before sending (paths match the API's issue paths). */
  issues: ErrorIssue[];
}

/** Fact rows → facts; problems are added to `issues` (paths like the API's: facts.NAME). Shared with the triage page. */
export function factsFromRows(rows: FactRow[], issues: ErrorIssue[]): Record<string, FactValue> {
  const facts: Record<string, FactValue> = {};
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (!name && !row.value.trim()) return;
    if (!name) {
      issues.push({ path: `facts.${index}`, message: "a fact needs a name" });
      return;
    }
    if (name in facts) issues.push({ path: `facts.${name}`, message: `"${name}" appears twice` });
    try {
      facts[name] = readFactValue(row);
    } catch (error) {
      issues.push({ path: `facts.${name}`, message: (error as Error).message });
    }
  });
  return facts;
}

/** Form text → the JSON body of POST/PATCH /api/v1/incidents (the API validates everything again). */
export function formValuesToPayload(values: IncidentFormValues): IncidentPayloadResult {
  const issues: ErrorIssue[] = [];
  const timezone = values.timezone.trim() || "UTC";
  const zoneKnown = isKnownTimeZone(timezone);
  if (!zoneKnown) issues.push({ path: "timezone", message: "must be an IANA time zone such as UTC or Asia/Shanghai" });
  const dates: Record<string, string | null> = {};
  for (const field of DATE_FIELDS) {
    try {
      dates[field] = zoneKnown ? fromDateTimeLocal(values[field], timezone) : null;
    } catch (error) {
      issues.push({ path: field, message: (error as Error).message });
    }
  }
  const facts = factsFromRows(values.facts, issues);
  const payload = {
    slug: values.slug.trim(),
    title: values.title,
    titleOriginal: values.titleOriginal,
    originalLanguage: values.originalLanguage,
    summary: values.summary,
    summaryOriginal: values.summaryOriginal,
    status: values.status,
    severity: values.severity,
    services: splitCommaList(values.services),
    tags: splitCommaList(values.tags),
    timezone,
    ...dates,
    impact: values.impact,
    facts,
    rootCause: values.rootCause,
    contributingFactors: values.contributingFactors
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  };
  return { payload, issues };
}
