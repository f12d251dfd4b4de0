/**
 * Request bodies of the runbook endpoints, shared by the route handlers, the CLI and the OpenAPI
 * document (so what is published is what is validated).
 */
import { z } from "zod";
import { labelListSchema, slugSchema, timeZoneSchema } from "../domain/common";
import { factsSchema } from "../domain/incident";

export const MAX_TRIGGER_INPUT_CHARS = 20 * 1024 * 1024;

export const runbookGenerateRequestSchema = z
  .strictObject({
    /** Facts of the incident being triaged (system, version, allocator, events, symptoms…). */
    facts: factsSchema.optional(),
    /** Or: generate for a recorded incident, using its facts and tags. */
    incident: slugSchema.optional(),
    tags: labelListSchema.optional(),
  })
  .refine((body) => (body.facts === undefined) !== (body.incident === undefined), { message: "send either facts or incident (a slug), not both and not neither" });
export type RunbookGenerateRequest = z.infer<typeof runbookGenerateRequestSchema>;

export const triggerWindowRequestSchema = z.strictObject({
  /** CSV `timestamp,value` (ISO 8601 or unix seconds/milliseconds; header optional). */
  metrics: z.string().max(MAX_TRIGGER_INPUT_CHARS, "the metrics are larger than 20 MB"),
  /** Event log: one timestamped line per event (Redis log lines, platform operations). */
  events: z.string().max(MAX_TRIGGER_INPUT_CHARS, "the events are larger than 20 MB").default(""),
  windowMinutes: z.number().positive().max(10_080).optional(),
  /** Zone for timestamps without an offset; default UTC. */
  timeZone: timeZoneSchema.optional(),
});
export type TriggerWindowRequest = z.infer<typeof triggerWindowRequestSchema>;
