export const REVISION_ENTITY_TYPES = ["incident", "entry", "link", "action-item", "lesson"] as const;
export type RevisionEntityType = (typeof REVISION_ENTITY_TYPES)[number];
export const REVISION_ACTIONS = ["create", "update", "delete", "restore"] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

export interface Revision {
  id: string;
  entityType: RevisionEntityType;
  entityId: string;
  /** Human handle of the entity: the incident slug, the entry key… */
  entityLabel: string;
  action: RevisionAction;
  author: string;
  createdAt: string;
  snapshot: Record<string, unknown>;
}
