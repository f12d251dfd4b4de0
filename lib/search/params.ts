import { z } from "zod";
import { INCIDENT_STATUSES, isoDateSchema, SEVERITIES } from "../domain";
import { searchSources, sourceOfKind } from "./sources";

/** Query parameters of GET /api/v1/search (also `casebook search` options and the search page). */

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const label = z.string().trim().min(1).max(60);

export const searchParamsSchema = z
  .object({
    q: z.string({ error: "q is required: the text to search for" }),
    kind: optional(z.string().trim()).refine((kind) => kind === undefined || sourceOfKind(kind) !== undefined, {
      message: `must be one of ${searchSources().map((source) => source.kind).join(", ")}`,
    }),
    status: optional(z.enum(INCIDENT_STATUSES)),
    severity: optional(z.enum(SEVERITIES)),
    service: optional(label),
    tag: optional(label),
    from: optional(isoDateSchema),
    to: optional(isoDateSchema),
    offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10_000).default(0)),
    limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(50).default(10)),
  })
  .strict()
  .refine((params) => !params.from || !params.to || params.from <= params.to, { path: ["to"], message: "must not be before from" });
export type SearchParams = z.input<typeof searchParamsSchema>;
