/** Library items for the pure checklist tests, without a database. */
import type { IncidentRef, LibraryItem, LibraryLesson } from "@/lib/checklists/library";
import type { AppliesTo } from "@/lib/checklists/schema";
import { areasOf } from "@/lib/checklists/vocabulary";

export const REDIS_INCIDENT: IncidentRef = { slug: "redis-slot-migration-leak", title: "Redis memory leak after slot migration", at: "2019-10-20T03:30:00.000Z" };

export function libraryItem(code: string, fields: { appliesTo?: Partial<AppliesTo>; tags?: string[]; lesson?: string; severity?: LibraryItem["severity"]; question?: string; why?: string } = {}): LibraryItem {
  const tags = fields.tags ?? ["memory"];
  return {
    code,
    severity: fields.severity ?? "high",
    question: fields.question ?? `Question of ${code}?`,
    why: fields.why ?? `Because of ${code}.`,
    appliesTo: { languages: [], paths: [], patterns: [], ...fields.appliesTo },
    lesson: { slug: fields.lesson ?? "allocation-release-cohesion", title: "Keep allocation and release together", tags, areas: areasOf(tags) },
    incidents: [REDIS_INCIDENT],
  };
}

export function libraryLesson(slug: string, tags: string[], items: LibraryItem[]): LibraryLesson {
  return { slug, title: `Lesson ${slug}`, body: "", tags, areas: areasOf(tags), incidents: [REDIS_INCIDENT], items };
}
