import { monotonicId } from "../ids";
import type { Tx } from "../db/client";
import type { RevisionAction, RevisionEntityType } from "../domain";

/** Every change to an incident or anything in it is kept as a full snapshot (who, when, what). */
export async function recordRevision(
  tx: Tx,
  revision: {
    incidentId: string;
    entityType: RevisionEntityType;
    entityId: string;
    action: RevisionAction;
    author: string;
    snapshot: object;
  },
): Promise<void> {
  await tx.revision.create({
    data: {
      id: monotonicId(),
      incidentId: revision.incidentId,
      entityType: revision.entityType,
      entityId: revision.entityId,
      action: revision.action,
      author: revision.author,
      snapshot: JSON.stringify(revision.snapshot),
    },
  });
}
