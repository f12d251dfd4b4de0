import type { ActionItem } from "./action-item";
import type { Attachment } from "./attachment";
import type { TimelineEntry } from "./entry";
import type { Incident } from "./incident";
import type { Lesson } from "./lesson";
import type { EntryLink } from "./link";

/** An incident with everything that hangs off it, as read from the database in one go. */
export interface IncidentDocument {
  incident: Incident;
  entries: TimelineEntry[];
  links: EntryLink[];
  actionItems: ActionItem[];
  lessons: Lesson[];
  attachments: Attachment[];
}
