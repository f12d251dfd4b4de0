import type { Db, Tx } from "../db/client";
import { InvalidInputError, NotFoundError } from "../errors";
import { can, isAdmin, type Viewer } from "./roles";

/**
 * Restricted incidents: visible only to their members and to admins. Every incident read — list,
 * page, search, similar incidents, exports, evidence, revisions, CLI — goes through one of these, so
 * a restricted incident answers "not found" (never "forbidden", which would reveal that it exists).
 */

/** Prisma `where` fragment for Incident queries; `{}` when the viewer sees everything. */
export function incidentVisibilityWhere(viewer: Viewer) {
  if (isAdmin(viewer)) return {};
  if (viewer.kind !== "user") return { restricted: false };
  return { OR: [{ restricted: false }, { members: { some: { userId: viewer.user.id } } }] };
}

/** Ids of incidents the viewer may not see (usually few: only restricted ones), or [] for admins. */
export async function hiddenIncidentIds(db: Db | Tx, viewer: Viewer): Promise<string[]> {
  if (isAdmin(viewer)) return [];
  const userId = viewer.kind === "user" ? viewer.user.id : "";
  const rows = await db.incident.findMany({
    where: { restricted: true, members: { none: { userId } } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Slugs of incidents hidden from the viewer (an import must not replace what its author cannot see). */
export async function hiddenIncidentSlugs(db: Db, viewer: Viewer): Promise<Set<string>> {
  const ids = await hiddenIncidentIds(db, viewer);
  if (ids.length === 0) return new Set();
  return new Set((await db.incident.findMany({ where: { id: { in: ids } }, select: { slug: true } })).map((row) => row.slug));
}

/** Search-index numbers of hidden incidents (lib/search filters its matches with them). */
export async function hiddenIncidentNumbers(db: Db, viewer: Viewer): Promise<Set<number>> {
  const ids = await hiddenIncidentIds(db, viewer);
  if (ids.length === 0) return new Set();
  const rows = await db.searchIncident.findMany({ where: { incidentId: { in: ids } }, select: { no: true } });
  return new Set(rows.map((row) => row.no));
}

export async function isIncidentVisible(db: Db | Tx, viewer: Viewer, slug: string): Promise<boolean> {
  if (isAdmin(viewer)) return true;
  const row = await db.incident.findFirst({ where: { slug, ...incidentVisibilityWhere(viewer) }, select: { id: true } });
  return row !== null;
}

/** Throws 404 when the incident is hidden from the viewer (and when it does not exist). */
export async function assertIncidentVisible(db: Db | Tx, viewer: Viewer, slug: string): Promise<void> {
  if (!(await isIncidentVisible(db, viewer, slug))) throw new NotFoundError(`no incident with slug "${slug}"`);
}

export interface IncidentAccess {
  restricted: boolean;
  members: Array<{ email: string; name: string }>;
}

export async function getIncidentAccess(db: Db, slug: string): Promise<IncidentAccess> {
  const row = await db.incident.findUnique({ where: { slug }, select: { restricted: true, members: { include: { user: { select: { email: true, name: true } } } } } });
  if (!row) throw new NotFoundError(`no incident with slug "${slug}"`);
  return { restricted: row.restricted, members: row.members.map((member) => ({ email: member.user.email, name: member.user.name })).sort((a, b) => a.email.localeCompare(b.email)) };
}

/** Admins, and editors who are members of the incident (or of an unrestricted one), change who may see it. */
export async function canManageIncidentAccess(db: Db, viewer: Viewer, slug: string): Promise<boolean> {
  if (isAdmin(viewer)) return true;
  return can(viewer, "write") && (await isIncidentVisible(db, viewer, slug));
}

/**
 * Sets restriction and members. The person restricting is always kept a member, so nobody locks
 * themselves out of what they are editing.
 */
export async function setIncidentAccess(db: Db, viewer: Viewer, slug: string, input: { restricted: boolean; memberEmails: string[] }): Promise<IncidentAccess> {
  const incident = await db.incident.findUnique({ where: { slug }, select: { id: true } });
  if (!incident) throw new NotFoundError(`no incident with slug "${slug}"`);
  const emails = new Set(input.memberEmails.map((email) => email.trim().toLowerCase()).filter(Boolean));
  if (viewer.kind === "user") emails.add(viewer.user.email);
  const users = await db.user.findMany({ where: { email: { in: [...emails] } }, select: { id: true, email: true } });
  const unknown = [...emails].filter((email) => !users.some((user) => user.email === email));
  if (unknown.length) throw new InvalidInputError(`no account for ${unknown.map((email) => `"${email}"`).join(", ")}`);
  await db.$transaction([
    db.incident.update({ where: { id: incident.id }, data: { restricted: input.restricted } }),
    db.incidentMember.deleteMany({ where: { incidentId: incident.id } }),
    db.incidentMember.createMany({ data: users.map((user) => ({ incidentId: incident.id, userId: user.id })) }),
  ]);
  return getIncidentAccess(db, slug);
}
