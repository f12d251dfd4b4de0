import { z } from "zod";
import {
  authorSchema,
  isoDateTimeSchema,
  labelListSchema,
  markdownSchema,
  slugSchema,
  timeZoneSchema,
  versionSchema,
} from "./common";

export const INCIDENT_STATUSES = ["investigating", "mitigated", "resolved", "postmortem-draft", "published"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  mitigated: "Mitigated",
  resolved: "Resolved",
  "postmortem-draft": "Postmortem draft",
  published: "Published",
};

export const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A fact value: the runbook generator reads these (system, version, allocator, events…). */
export const factValueSchema = z.union([
  z.string().max(2_000),
  z.number().finite(),
  z.boolean(),
  z.array(z.string().max(200)).max(50),
]);
export type FactValue = z.infer<typeof factValueSchema>;

export const factsSchema = z
  .record(z.string().trim().min(1).max(60).regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "fact names start with a letter and use letters, digits, _ . -"), factValueSchema)
  .refine((facts) => Object.keys(facts).length <= 100, "at most 100 facts");
export type Facts = z.infer<typeof factsSchema>;

/** Field rules without defaults, shared by create (defaults applied) and update (all optional). */
const incidentFields = {
  slug: slugSchema,
  title: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  titleOriginal: z.string().trim().max(300),
  summary: markdownSchema,
  summaryOriginal: markdownSchema,
  originalLanguage: z.string().trim().max(20),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(SEVERITIES),
  services: labelListSchema,
  tags: labelListSchema,
  timezone: timeZoneSchema,
  startedAt: isoDateTimeSchema.nullable(),
  detectedAt: isoDateTimeSchema.nullable(),
  resolvedAt: isoDateTimeSchema.nullable(),
  impact: markdownSchema,
  facts: factsSchema,
  rootCause: markdownSchema,
  contributingFactors: z.array(z.string().trim().min(1).max(2_000)).max(50),
};

/** Creating an incident: everything but slug and title has a default. */
export const incidentCreateSchema = z
  .object({
    ...incidentFields,
    titleOriginal: incidentFields.titleOriginal.default(""),
    summary: incidentFields.summary.default(""),
    summaryOriginal: incidentFields.summaryOriginal.default(""),
    originalLanguage: incidentFields.originalLanguage.default(""),
    status: incidentFields.status.default("investigating"),
    severity: incidentFields.severity.default("sev3"),
    services: incidentFields.services.default([]),
    tags: incidentFields.tags.default([]),
    timezone: incidentFields.timezone.default("UTC"),
    startedAt: incidentFields.startedAt.default(null),
    detectedAt: incidentFields.detectedAt.default(null),
    resolvedAt: incidentFields.resolvedAt.default(null),
    impact: incidentFields.impact.default(""),
    facts: incidentFields.facts.default({}),
    rootCause: incidentFields.rootCause.default(""),
    contributingFactors: incidentFields.contributingFactors.default([]),
    author: authorSchema.optional(),
  })
  .strict();
export type IncidentCreate = z.infer<typeof incidentCreateSchema>;
export type IncidentCreateInput = z.input<typeof incidentCreateSchema>;

/** Updating an incident: any subset of fields plus the version the client last read. */
export const incidentUpdateSchema = z
  .object(incidentFields)
  .partial()
  .extend({ version: versionSchema, author: authorSchema.optional() })
  .strict();
export type IncidentUpdate = z.infer<typeof incidentUpdateSchema>;

/** Query-string filters of the incident list. */
export const incidentListQuerySchema = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  service: z.string().trim().min(1).max(60).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  q: z.string().trim().max(200).optional(),
});
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

/** An incident as the rest of the app sees it (dates as ISO strings, lists parsed). */
export interface Incident {
  id: string;
  slug: string;
  title: string;
  titleOriginal: string;
  summary: string;
  summaryOriginal: string;
  originalLanguage: string;
  status: IncidentStatus;
  severity: Severity;
  services: string[];
  tags: string[];
  timezone: string;
  startedAt: string | null;
  detectedAt: string | null;
  resolvedAt: string | null;
  impact: string;
  facts: Facts;
  rootCause: string;
  contributingFactors: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
