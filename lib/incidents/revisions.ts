import type { Db, Tx } from "../db/client";
import {
  diffSnapshots,
  type ActionItem,
  type FieldChange,
  type Incident,
  type Lesson,
  type Revision,
  type RevisionAction,
  type RevisionEntityType,
  type TimelineEntry,
} from "../domain";
import { ConflictError, NotFoundError } from "../errors";
import { searchIndex } from "../search/index-writer";
import { findIncidentRow, incidentColumns, touchIncident } from "./incidents";
import { insertLink } from "./links";
import { toActionItem, toEntry, toIncident, toLesson } from "./mappers";
import { recordRevision } from "./revisions-record";

type RevisionRow = Awaited<ReturnType<Db["revision"]["findFirstOrThrow"]>>;

function toRevision(row: RevisionRow): Revision {
  const snapshot = JSON.parse(row.snapshot) as Record<string, unknown>;
  const label = snapshot.key ?? snapshot.slug ?? (snapshot.from ? `${snapshot.from} ${snapshot.type} ${snapshot.to}` : row.entityId);
  return {
    id: row.id,
    entityType: row.entityType as RevisionEntityType,
    entityId: row.entityId,
    entityLabel: String(label),
    action: row.action as RevisionAction,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    snapshot,
  };
}

export async function listRevisions(db: Db, slug: string): Promise<Revision[]> {
  const incident = await findIncidentRow(db, slug);
  const rows = await db.revision.findMany({ where: { incidentId: incident.id }, orderBy: { id: "desc" } });
  return rows.map(toRevision);
}

export interface RevisionWithDiff {
  revision: Revision;
  previous: Revision | null;
  changes: FieldChange[];
}

export async function getRevision(db: Db, slug: string, revisionId: string): Promise<RevisionWithDiff> {
  const incident = await findIncidentRow(db, slug);
  const row = await db.revision.findFirst({ where: { id: revisionId, incidentId: incident.id } });
  if (!row) throw new NotFoundError(`incident "${slug}" has no revision "${revisionId}"`);
  const previousRow = await db.revision.findFirst({
    where: { incidentId: incident.id, entityType: row.entityType, entityId: row.entityId, id: { lt: row.id } },
    orderBy: { id: "desc" },
  });
  const revision = toRevision(row);
  const previous = previousRow ? toRevision(previousRow) : null;
  const changes =
    revision.action === "delete" ? diffSnapshots(revision.snapshot, null) : diffSnapshots(previous?.snapshot ?? null, revision.snapshot);
  return { revision, previous, changes };
}

/** Brings an entity back to the state a revision recorded, as a new change (history is never rewritten). */
export async function restoreRevision(db: Db, slug: string, revisionId: string, author = ""): Promise<Revision> {
  return db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const row = await tx.revision.findFirst({ where: { id: revisionId, incidentId: incident.id } });
    if (!row) throw new NotFoundError(`incident "${slug}" has no revision "${revisionId}"`);
    const revision = toRevision(row);
    const restored = await restoreEntity(tx, incident, revision);
    await touchIncident(tx, incident.id);
    await searchIndex.sync(tx, revision.entityType, revision.entityId);
    await recordRevision(tx, { incidentId: incident.id, entityType: revision.entityType, entityId: revision.entityId, action: "restore", author, snapshot: restored });
    const latest = await tx.revision.findFirstOrThrow({ where: { incidentId: incident.id }, orderBy: { id: "desc" } });
    return toRevision(latest);
  });
}

async function restoreEntity(tx: Tx, incident: { id: string; slug: string }, revision: Revision): Promise<object> {
  switch (revision.entityType) {
    case "incident": {
      const snap = revision.snapshot as unknown as Incident;
      if (snap.slug !== incident.slug && (await tx.incident.findUnique({ where: { slug: snap.slug }, select: { id: true } }))) {
        throw new ConflictError(`cannot restore slug "${snap.slug}": another incident uses it now`);
      }
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...fields } = snap;
      await tx.incident.update({ where: { id: incident.id }, data: { ...incidentColumns(fields), version: { increment: 1 } } });
      return toIncident(await tx.incident.findUniqueOrThrow({ where: { id: incident.id } }));
    }
    case "entry": {
      const snap = revision.snapshot as unknown as TimelineEntry & { links?: { from: string; to: string; type: string; note: string }[] };
      const fields = { at: new Date(snap.at), kind: snap.kind, title: snap.title, body: snap.body, author: snap.author, statusOverride: snap.statusOverride, statusReason: snap.statusReason };
      const existing = await tx.timelineEntry.findUnique({ where: { id: revision.entityId } });
      if (existing) {
        await tx.timelineEntry.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } });
      } else {
        if (await tx.timelineEntry.findUnique({ where: { incidentId_key: { incidentId: incident.id, key: snap.key } } })) {
          throw new ConflictError(`cannot restore entry "${snap.key}": another entry uses that key now`);
        }
        await tx.timelineEntry.create({ data: { id: revision.entityId, incidentId: incident.id, key: snap.key, ...fields } });
        await restoreLinks(tx, incident, snap.links ?? []);
      }
      return toEntry(await tx.timelineEntry.findUniqueOrThrow({ where: { id: revision.entityId } }));
    }
    case "link": {
      const snap = revision.snapshot as unknown as { from: string; to: string; type: string; note: string };
      if (await tx.entryLink.findUnique({ where: { id: revision.entityId } })) throw new ConflictError("that link exists; nothing to restore");
      return insertLink(tx, incident, { from: snap.from, to: snap.to, type: snap.type as never, note: snap.note }, "");
    }
    case "action-item": {
      const snap = revision.snapshot as unknown as ActionItem;
      const fields = { title: snap.title, owner: snap.owner, dueDate: snap.dueDate ? new Date(`${snap.dueDate}T00:00:00Z`) : null, type: snap.type, status: snap.status, externalLink: snap.externalLink };
      const existing = await tx.actionItem.findUnique({ where: { id: revision.entityId } });
      if (existing) await tx.actionItem.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } });
      else await tx.actionItem.create({ data: { id: revision.entityId, incidentId: incident.id, key: snap.key, position: snap.position, ...fields } });
      return toActionItem(await tx.actionItem.findUniqueOrThrow({ where: { id: revision.entityId } }));
    }
    case "lesson": {
      const snap = revision.snapshot as unknown as Lesson;
      const fields = { title: snap.title, body: snap.body, tags: JSON.stringify(snap.tags) };
      const existing = await tx.lesson.findUnique({ where: { id: revision.entityId } });
      if (existing) await tx.lesson.update({ where: { id: existing.id }, data: { ...fields, version: { increment: 1 } } });
      else await tx.lesson.create({ data: { id: revision.entityId, slug: snap.slug, ...fields } });
      const attached = await tx.incidentLesson.findUnique({ where: { incidentId_lessonId: { incidentId: incident.id, lessonId: revision.entityId } } });
      if (!attached) {
        const position = await tx.incidentLesson.count({ where: { incidentId: incident.id } });
        await tx.incidentLesson.create({ data: { incidentId: incident.id, lessonId: revision.entityId, position } });
      }
      return toLesson(await tx.lesson.findUniqueOrThrow({ where: { id: revision.entityId } }));
    }
  }
}

async function restoreLinks(tx: Tx, incident: { id: string; slug: string }, links: { from: string; to: string; type: string; note: string }[]) {
  for (const link of links) {
    const ends = await tx.timelineEntry.count({ where: { incidentId: incident.id, key: { in: [link.from, link.to] } } });
    if (ends < 2) continue; // the other end was deleted too; its own restore brings the link back
    const from = await tx.timelineEntry.findUniqueOrThrow({ where: { incidentId_key: { incidentId: incident.id, key: link.from } } });
    const to = await tx.timelineEntry.findUniqueOrThrow({ where: { incidentId_key: { incidentId: incident.id, key: link.to } } });
    const exists = await tx.entryLink.findUnique({ where: { fromEntryId_toEntryId_type: { fromEntryId: from.id, toEntryId: to.id, type: link.type } } });
    if (!exists) await insertLink(tx, incident, { from: link.from, to: link.to, type: link.type as never, note: link.note }, "");
  }
}
