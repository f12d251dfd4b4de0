import { z } from "zod";
import type { EntryKind } from "./entry";
import { slugSchema } from "./common";

export const LINK_TYPES = ["supports", "refutes", "confirms", "cites", "tests", "supersedes"] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const LINK_TYPE_LABELS: Record<LinkType, string> = {
  supports: "supports",
  refutes: "refutes",
  confirms: "confirms",
  cites: "cites",
  tests: "tests",
  supersedes: "supersedes",
};

/** Which entry kinds each link type may connect (from → to). */
const EVIDENCE_LIKE: EntryKind[] = ["evidence", "observation", "root-cause", "decision", "fix", "action"];
export const LINK_RULES: Record<LinkType, { from: EntryKind[]; to: EntryKind[] | "same-kind" }> = {
  supports: { from: EVIDENCE_LIKE, to: ["hypothesis"] },
  refutes: { from: EVIDENCE_LIKE, to: ["hypothesis"] },
  confirms: { from: EVIDENCE_LIKE, to: ["hypothesis"] },
  cites: { from: ["decision"], to: ["evidence", "hypothesis", "observation", "root-cause"] },
  tests: { from: ["action"], to: ["hypothesis"] },
  supersedes: { from: ["observation", "hypothesis", "evidence", "decision", "action", "root-cause", "fix", "note"], to: "same-kind" },
};

export const linkCreateSchema = z
  .object({
    from: slugSchema,
    to: slugSchema,
    type: z.enum(LINK_TYPES),
    note: z.string().trim().max(2_000).default(""),
  })
  .strict()
  .refine((link) => link.from !== link.to, { path: ["to"], message: "an entry cannot link to itself" });
export type LinkCreate = z.infer<typeof linkCreateSchema>;

/** Returns why a link between these kinds is not allowed, or null when it is. */
export function linkKindProblem(type: LinkType, fromKind: EntryKind, toKind: EntryKind): string | null {
  const rule = LINK_RULES[type];
  if (!rule.from.includes(fromKind)) return `a ${fromKind} entry cannot "${type}" another entry (allowed from: ${rule.from.join(", ")})`;
  if (rule.to === "same-kind") {
    return fromKind === toKind ? null : `"supersedes" links entries of the same kind (${fromKind} → ${toKind})`;
  }
  if (!rule.to.includes(toKind)) return `"${type}" must point at ${rule.to.join(" or ")}, not at a ${toKind}`;
  return null;
}

export interface EntryLink {
  id: string;
  from: string;
  to: string;
  type: LinkType;
  note: string;
  createdAt: string;
}
