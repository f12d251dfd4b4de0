import { InvalidInputError } from "../errors";

/** Wall-clock parts in a given time zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock parts straight from Intl — exact but slow (tens of microseconds a call). */
function intlZonedParts(date: Date, timeZone: string): ZonedParts {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return { year: values.year, month: values.month, day: values.day, hour: values.hour, minute: values.minute, second: values.second };
}

/**
 * Zone offsets only change on quarter-hour boundaries, so one Intl lookup per zone and quarter hour
 * serves every instant in it; pages with hundreds of entries format thousands of times.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();

function offsetMinutesAt(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const start = bucket * QUARTER_HOUR_MS;
    const p = intlZonedParts(new Date(start), timeZone);
    offset = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start) / 60_000);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

export function zonedParts(instant: Date | string, timeZone: string): ZonedParts {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  const local = new Date(ms + offsetMinutesAt(ms, timeZone) * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Offset of the zone from UTC at an instant, in minutes (e.g. +480 for Asia/Shanghai). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  return offsetMinutesAt(instant.getTime(), timeZone);
}

/** The instant at which the wall clock in `timeZone` shows the given parts. */
export function zonedToInstant(parts: ZonedParts, timeZone: string): Date {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  // Two passes settle DST transitions: the offset at the guess may differ from the offset at the answer.
  let instant = new Date(guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000);
  instant = new Date(guess - zoneOffsetMinutes(instant, timeZone) * 60_000);
  return instant;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 with the zone's offset, e.g. 2019-12-19T16:30:00+08:00 — the stable form used in content files. */
export function formatZonedIso(instant: Date | string, timeZone: string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  const p = zonedParts(date, timeZone);
  const offset = zoneOffsetMinutes(date, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const zone = offset === 0 ? "Z" : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${zone}`;
}

export function localDateKey(instant: Date | string, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function localTimeLabel(instant: Date | string, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

function addDays(parts: ZonedParts, days: number): ZonedParts {
  const shifted = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days));
  return { ...parts, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const CHINESE_DAY_ORDINALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export interface EntryTimeContext {
  timeZone: string;
  /** The timeline's first moment (first entry, or the incident's detection/start time): defines day 1. */
  origin: string | null;
  /** The entry before this one, for "HH:MM" inputs that continue a timeline (rollover past midnight). */
  previous?: string | null;
}

/**
 * Resolves what a person typed as an entry time into an absolute instant. Accepts ISO 8601 with an
 * offset, "YYYY-MM-DD HH:MM" (local), "day N HH:MM", "第N天HH:MM" / "第二天10:00", "10月20日11:30"
 * and a bare "HH:MM" (same day as the previous entry, or the next day when that would go back in
 * time by 6 hours or more — timelines are written in order, but not always to the minute).
 */
export function resolveEntryTime(input: string, context: EntryTimeContext): string {
  const text = input.trim();
  const { timeZone } = context;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const date = new Date(text);
    if (Number.isNaN(date.getTime()) || !/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
      throw new InvalidInputError(`"${input}" is not a valid ISO date-time with an offset (e.g. 2024-10-20T11:30:00+08:00)`);
    }
    return date.toISOString();
  }
  const clock = (h: string, m: string) => {
    const hour = Number(h);
    const minute = Number(m);
    if (hour > 23 || minute > 59) throw new InvalidInputError(`"${input}" has an impossible time of day`);
    return { hour, minute };
  };
  let match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/.exec(text);
  if (match) {
    const { hour, minute } = clock(match[4], match[5]);
    return zonedToInstant({ year: +match[1], month: +match[2], day: +match[3], hour, minute, second: 0 }, timeZone).toISOString();
  }
  const origin = context.origin ? zonedParts(context.origin, timeZone) : null;
  const needOrigin = () => {
    if (!origin) throw new InvalidInputError(`"${input}" is relative to the timeline, which has no first moment yet; give a full date-time`);
    return origin;
  };
  match = /^day\s*(\d{1,3})[\s,]+(\d{1,2}):(\d{2})$/i.exec(text) ?? /^第\s*(\d{1,3})\s*天\s*(\d{1,2})[:：](\d{2})$/.exec(text);
  const chineseOrdinal = /^第([一二三四五六七八九十])天\s*(\d{1,2})[:：](\d{2})$/.exec(text);
  if (match || chineseOrdinal) {
    const dayNumber = match ? Number(match[1]) : CHINESE_DAY_ORDINALS[chineseOrdinal![1]];
    const [h, m] = match ? [match[2], match[3]] : [chineseOrdinal![2], chineseOrdinal![3]];
    if (dayNumber < 1) throw new InvalidInputError(`"${input}": days are counted from 1`);
    const { hour, minute } = clock(h, m);
    const day = addDays(needOrigin(), dayNumber - 1);
    return zonedToInstant({ ...day, hour, minute, second: 0 }, timeZone).toISOString();
  }
  match = /^(\d{1,2})月(\d{1,2})日\s*(\d{1,2})[:：](\d{2})$/.exec(text);
  if (match) {
    const { hour, minute } = clock(match[3], match[4]);
    const base = needOrigin();
    return zonedToInstant({ year: base.year, month: +match[1], day: +match[2], hour, minute, second: 0 }, timeZone).toISOString();
  }
  match = /^(\d{1,2})[:：](\d{2})$/.exec(text);
  if (match) {
    const { hour, minute } = clock(match[1], match[2]);
    const anchorIso = context.previous ?? context.origin;
    if (!anchorIso) throw new InvalidInputError(`"${input}" is relative to the timeline, which has no first moment yet; give a full date-time`);
    const anchor = zonedParts(anchorIso, timeZone);
    let candidate = zonedToInstant({ ...anchor, hour, minute, second: 0 }, timeZone);
    if (candidate.getTime() <= new Date(anchorIso).getTime() - 6 * 3_600_000) {
      candidate = zonedToInstant({ ...addDays(anchor, 1), hour, minute, second: 0 }, timeZone);
    }
    return candidate.toISOString();
  }
  throw new InvalidInputError(
    `"${input}" is not a time Casebook understands (use 2024-10-20T11:30:00+08:00, 2024-10-20 11:30, day 2 10:00, 第二天10:00 or 16:30)`,
  );
}

export interface TimelineDay<T> {
  dayNumber: number;
  date: string;
  items: T[];
}

/** Groups time-ordered items by local calendar day; day 1 is the first day with an item. */
export function groupByDay<T extends { at: string }>(items: T[], timeZone: string): TimelineDay<T>[] {
  const sorted = [...items].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const days: TimelineDay<T>[] = [];
  let firstDayUtc: number | null = null;
  for (const item of sorted) {
    const date = localDateKey(item.at, timeZone);
    const dayUtc = Date.parse(`${date}T00:00:00Z`);
    firstDayUtc ??= dayUtc;
    const dayNumber = Math.round((dayUtc - firstDayUtc) / 86_400_000) + 1;
    const last = days.at(-1);
    if (last && last.date === date) last.items.push(item);
    else days.push({ dayNumber, date, items: [item] });
  }
  return days;
}
