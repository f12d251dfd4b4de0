import type { TimelineEntry } from "../domain/entry";
import { ENTRY_KIND_LABELS, type EntryKind } from "../domain/entry";
import { localDateKey, localTimeLabel } from "../domain/entry-time";
import { DerivedViews } from "./memo";

/** An entry as a choice in a select (link ends, attachment target). */
export interface EntryOption {
  key: string;
  kind: EntryKind;
  label: string;
}

const labelled = new DerivedViews<EntryOption[]>();

export function entryOptions(entries: TimelineEntry[], timeZone: string): EntryOption[] {
  return labelled.get(entries, [timeZone], () => labelEntries(entries, timeZone));
}

function labelEntries(entries: TimelineEntry[], timeZone: string): EntryOption[] {
  return entries.map((entry) => ({
    key: entry.key,
    kind: entry.kind,
    label: `${localDateKey(entry.at, timeZone)} ${localTimeLabel(entry.at, timeZone)} · ${ENTRY_KIND_LABELS[entry.kind]} · ${entry.title}`,
  }));
}
