/**
 * POST /api/v1/analyze/dump: the dump arrives as the raw request body (application/octet-stream for cores
 * and raw dumps, text/plain for hexdumps) and the options as query parameters, named like the CLI's flags
 * in camelCase (dump-cli-command.ts builds both from the web form).
 */
import { z } from "zod";
import { parseNodeSlots, parseSlotList, type NodeSlots } from "../analyzers/cluster-slots";
// Not the package index: that brings the file analyzer's worker threads into the web server's bundle.
import { analyzeDumpBuffer } from "../analyzers/dump/analyze";
import type { DumpAnalysisOptions } from "../analyzers/dump/types";
import { InvalidInputError } from "../errors";
import { dumpReportEvidence } from "../evidence/dump-report";
import { parseInput } from "../validation/parse";
import { attachOptionSchema, type AnalysisJob } from "./requests";

export { DUMP_BODY_LIMIT_BYTES } from "./dump-cli-command";

const FORMATS = ["auto", "elf", "raw", "hexdump"] as const;
const CONTENT_CLASSES = ["printable", "utf8", "any"] as const;

const integerText = (what: string) => z.string().trim().regex(/^\d{1,15}$/, `must be a non-negative integer (${what})`).transform(Number);

/** Query parameters of POST /api/v1/analyze/dump (all optional). */
export const dumpQuerySchema = z
  .object({
    format: z.enum(FORMATS, { error: `must be one of ${FORMATS.join(", ")}` }).optional(),
    base: z
      .string()
      .trim()
      .regex(/^(0x[0-9a-fA-F]{1,13}|\d{1,16})$/, "must be an address like 0x7f0000000000 or a decimal number")
      .optional(),
    anonOnly: z.enum(["true", "false", "1", "0"], { error: "must be true or false" }).optional(),
    align: integerText("a power of two; 1 disables").optional(),
    minLen: integerText("shortest string to report").optional(),
    maxLen: integerText("longest string to decode").optional(),
    content: z.enum(CONTENT_CLASSES, { error: `must be one of ${CONTENT_CLASSES.join(", ")}` }).optional(),
    slots: z.string().max(100_000, "must be at most 100000 characters").optional(),
    clusterNodes: z.string().max(1_000_000, "must be at most 1000000 characters").optional(),
    node: z.string().trim().max(200, "must be at most 200 characters").optional(),
    dbsize: integerText("keys the node holds").optional(),
    attach: attachOptionSchema.shape.slug.optional(),
    title: attachOptionSchema.shape.title,
  })
  .strict();
export type DumpQuery = z.input<typeof dumpQuerySchema>;

function parseBase(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.toLowerCase().startsWith("0x") ? Number.parseInt(text.slice(2), 16) : Number(text);
  if (!Number.isSafeInteger(value)) throw new InvalidInputError(`invalid dump options: base: ${text} is beyond 2^53`);
  return value;
}

function ownedSlots(query: z.output<typeof dumpQuerySchema>): NodeSlots | null {
  const slots = query.slots?.trim() || undefined;
  const clusterNodes = query.clusterNodes?.trim() ? query.clusterNodes : undefined;
  if (slots !== undefined && (clusterNodes !== undefined || query.node)) {
    throw new InvalidInputError("invalid dump options: give either slots or clusterNodes (with node), not both");
  }
  if (slots !== undefined) return parseSlotList(slots);
  if (query.node && clusterNodes === undefined) throw new InvalidInputError("invalid dump options: node needs clusterNodes (the CLUSTER NODES output)");
  if (clusterNodes === undefined) return null;
  return parseNodeSlots(clusterNodes, query.node || "myself");
}

/** The analyzer's options from the query (validated), plus where to file the report. */
export function dumpOptionsFromQuery(query: Record<string, string>): { options: DumpAnalysisOptions; attach?: { slug: string; title?: string } } {
  const parsed = parseInput(dumpQuerySchema, query, "dump options");
  if (parsed.title !== undefined && parsed.attach === undefined) throw new InvalidInputError("invalid dump options: title only applies with attach");
  const options: DumpAnalysisOptions = {
    format: parsed.format,
    baseAddress: parseBase(parsed.base),
    anonOnly: parsed.anonOnly === undefined ? undefined : parsed.anonOnly === "true" || parsed.anonOnly === "1",
    align: parsed.align,
    minLen: parsed.minLen,
    maxLen: parsed.maxLen,
    content: parsed.content,
    slots: ownedSlots(parsed),
    dbsize: parsed.dbsize,
  };
  return { options, attach: parsed.attach ? { slug: parsed.attach, title: parsed.title } : undefined };
}

/** Media type without parameters, lower-cased ("" when absent). */
function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * A job analyzing `body`. text/plain is a hexdump unless a format is given; application/octet-stream
 * (or no content type) is detected: ELF core, hexdump text or raw memory.
 */
export function dumpJob(body: Uint8Array, contentType: string | null, query: Record<string, string>): AnalysisJob {
  const type = mediaType(contentType);
  if (type !== "" && type !== "application/octet-stream" && type !== "text/plain") {
    throw new InvalidInputError(`send the dump as application/octet-stream (core or raw dump) or text/plain (hexdump), not "${type}"`);
  }
  const { options, attach } = dumpOptionsFromQuery(query);
  if (body.length === 0) throw new InvalidInputError("the request body is empty; send the dump's bytes or a hexdump");
  const forced = type === "text/plain" && options.format === undefined ? { format: "hexdump" as const } : {};
  return {
    attach,
    async run() {
      const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const result = await analyzeDumpBuffer(buffer, { ...options, ...forced });
      return { result, evidence: (title) => dumpReportEvidence(result, title) };
    },
  };
}
