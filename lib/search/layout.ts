/**
 * Search-document ids (= full-text rowids) are laid out as
 *
 *     incident no × 2^22  +  kind code × 2^18  +  sequence (1 … 2^18 − 1)
 *
 * so the rowid of a hit alone says which incident and which kind it belongs to. Counting hits per
 * incident and kind (total, facets, grouping) then reads only the full-text index — no join with
 * the document table, which costs ~20× more when a common word matches most of the corpus. Incident
 * numbers stay below 2^31, so every id is a safe JavaScript integer (< 2^53).
 *
 * Library documents — checklist items, runbook steps — belong to no incident. They use the reserved
 * number LIBRARY_NO, the largest one, which SearchIncident's autoincrement never reaches: as the
 * "newest" ids they always fall inside the ranking window (there are few of them, and they are the
 * distilled knowledge a search is most often after).
 */
export const INCIDENT_SHIFT = 22;
export const KIND_SHIFT = 18;
export const KIND_MASK = 0xf;
export const SEQUENCE_SPAN = 2 ** KIND_SHIFT;

const INCIDENT_SPAN = 2 ** INCIDENT_SHIFT;

export function documentIdBase(incidentNo: number, kindCode: number): number {
  return incidentNo * INCIDENT_SPAN + kindCode * SEQUENCE_SPAN;
}

/** [first, end) of every document id of one incident. */
export function incidentIdRange(incidentNo: number): [number, number] {
  return [incidentNo * INCIDENT_SPAN, (incidentNo + 1) * INCIDENT_SPAN];
}

export function incidentNoOf(documentId: number): number {
  return Math.floor(documentId / INCIDENT_SPAN);
}

export function kindCodeOf(documentId: number): number {
  return Math.floor(documentId / SEQUENCE_SPAN) & KIND_MASK;
}

/** The incident number of library documents (no incident); no SearchIncident row has it. */
export const LIBRARY_NO = 2 ** 31 - 1;
