import { localDateKey, localTimeLabel } from "../domain/entry-time";

/** "2019-12-19 16:30" on the given zone's wall clock; "—" when there is no time. */
export function formatLocalDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  return `${localDateKey(iso, timeZone)} ${localTimeLabel(iso, timeZone)}`;
}

/** "2019-12-19" on the given zone's calendar; "—" when there is no time. */
export function formatLocalDate(iso: string | null | undefined, timeZone: string): string {
  return iso ? localDateKey(iso, timeZone) : "—";
}

/** A timestamp in UTC for audit lists (revisions), where the reader's zone is unknown on the server. */
export function formatUtcDateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A stored value (fact, revision field) as short readable text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(", ");
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}
