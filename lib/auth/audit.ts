import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { parseInput } from "../validation/parse";
import { auditActor, type Viewer } from "./roles";

/** Who, when, what, from where, and how it ended. The log is append-only: nothing here deletes. */
export type AuditOutcome = "success" | "denied" | "failed";

export interface AuditInput {
  viewer?: Viewer;
  /** Overrides the actor derived from the viewer (e.g. the email typed into a failed login). */
  actor?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  ip: string;
  outcome: string;
  details: Record<string, unknown>;
}

export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  const who = input.viewer ? auditActor(input.viewer) : { actor: "anonymous", userId: null };
  await db.auditEvent.create({
    data: {
      id: randomUUID(),
      actor: (input.actor ?? who.actor).slice(0, 300),
      userId: who.userId,
      action: input.action.slice(0, 100),
      targetType: input.targetType ?? "",
      targetId: (input.targetId ?? "").slice(0, 300),
      ip: (input.ip ?? "").slice(0, 100),
      outcome: input.outcome,
      details: JSON.stringify(input.details ?? {}),
    },
  });
}

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(["success", "denied", "failed"]).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "from must be YYYY-MM-DD").optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "to must be YYYY-MM-DD").optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(500),
});

export async function listAuditEvents(db: Db, rawQuery: unknown = {}): Promise<AuditEventView[]> {
  const query = parseInput(auditQuerySchema, Object.fromEntries(Object.entries(rawQuery as Record<string, unknown>).filter(([, v]) => v !== "")), "audit filter");
  const rows = await db.auditEvent.findMany({
    where: {
      actor: query.actor ? { contains: query.actor } : undefined,
      action: query.action || undefined,
      outcome: query.outcome,
      at: {
        gte: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
        lt: query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
      },
    },
    orderBy: [{ at: "desc" }, { id: "asc" }],
    take: query.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    outcome: row.outcome,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}

const CSV_COLUMNS = ["at", "actor", "action", "targetType", "targetId", "ip", "outcome", "details"] as const;

function csvCell(value: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it so it stays text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditEventsToCsv(events: AuditEventView[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const event of events) {
    lines.push(CSV_COLUMNS.map((column) => csvCell(column === "details" ? JSON.stringify(event.details) : event[column])).join(","));
  }
  return `${lines.join("\n")}\n`;
}
