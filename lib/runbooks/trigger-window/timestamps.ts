/**
 * Timestamps as monitoring exports and logs write them: ISO 8601 (with or without offset, `T` or a
 * space, fractions), unix seconds or milliseconds, and Redis's log format
 * (`12345:M 20 Oct 2019 11:30:01.123 * …`). Times without an offset are read in the given time zone.
 */
import { zonedToInstant } from "../../domain/entry-time";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function validClock(clock: WallClock): boolean {
  const daysInMonth = new Date(Date.UTC(clock.year, clock.month, 0)).getUTCDate();
  return (
    clock.month >= 1 && clock.month <= 12 && clock.day >= 1 && clock.day <= daysInMonth &&
    clock.hour <= 23 && clock.minute <= 59 && clock.second <= 60 && clock.year >= 1970 && clock.year <= 2200
  );
}

/** Epoch milliseconds of a wall-clock time: with an explicit offset, or in `timeZone`. */
function toEpoch(clock: WallClock, offset: string | undefined, timeZone: string): number | null {
  if (!validClock(clock)) return null;
  const { year, month, day, hour, minute, second, millisecond } = clock;
  if (offset) {
    const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millisecond);
    if (offset === "Z" || offset === "z") return utc;
    const match = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
    if (!match) return null;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return utc - (match[1] === "+" ? 1 : -1) * minutes * 60_000;
  }
  if (timeZone === "UTC") return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millisecond);
  return zonedHourStart(year, month, day, hour, timeZone) + (minute * 60 + Math.min(second, 59)) * 1000 + millisecond;
}

// Zone offsets change on hour boundaries; converting each hour once keeps 100k-line logs fast (Intl is slow).
const hourStarts = new Map<string, number>();
function zonedHourStart(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const key = `${timeZone} ${year}-${month}-${day} ${hour}`;
  let start = hourStarts.get(key);
  if (start === undefined) {
    if (hourStarts.size > 50_000) hourStarts.clear();
    start = zonedToInstant({ year, month, day, hour, minute: 0, second: 0 }, timeZone).getTime();
    hourStarts.set(key, start);
  }
  return start;
}

const fraction = (digits: string | undefined) => (digits ? Math.round(Number(`0.${digits}`) * 1000) : 0);

const ISO_PREFIX = /^\[?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|z|[+-]\d{2}:?\d{2}(?![\d:]))?\]?/;
const REDIS_PREFIX = /^(?:\d+:[A-Z] )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: [.\-*#])?/;
const UNIX_PREFIX = /^(\d{9,14})(?:\.(\d{1,6}))?(?![\d.:-])/;

export interface LeadingTimestamp {
  epochMs: number;
  /** The text after the timestamp, separators trimmed. */
  rest: string;
}

/** A timestamp at the start of `text`, or null. Unix numbers: 9–11 digits are seconds, 12–14 milliseconds. */
export function readLeadingTimestamp(text: string, timeZone: string): LeadingTimestamp | null {
  const trimmed = text.trim();
  const rest = (length: number) => trimmed.slice(length).replace(/^[\s,;|\]-]+/, "").trim();

  const iso = ISO_PREFIX.exec(trimmed);
  if (iso) {
    const [whole, year, month, day, hour, minute, second, frac, offset] = iso;
    const epochMs = toEpoch(
      { year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: second ? +second : 0, millisecond: fraction(frac) },
      offset,
      timeZone,
    );
    return epochMs === null ? null : { epochMs, rest: rest(whole.length) };
  }
  const redis = REDIS_PREFIX.exec(trimmed);
  if (redis) {
    const [whole, day, monthName, year, hour, minute, second, frac] = redis;
    const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
    if (month === 0) return null;
    const epochMs = toEpoch({ year: +year, month, day: +day, hour: +hour, minute: +minute, second: +second, millisecond: fraction(frac) }, undefined, timeZone);
    return epochMs === null ? null : { epochMs, rest: rest(whole.length) };
  }
  const unix = UNIX_PREFIX.exec(trimmed);
  if (unix) {
    const epochMs = unixEpochMs(unix[0]);
    return epochMs === null ? null : { epochMs, rest: rest(unix[0].length) };
  }
  return null;
}

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** `1571542140` (seconds, 9–11 digits) or `1571542140123` (milliseconds, 12–14 digits). */
function unixEpochMs(text: string): number | null {
  const digits = text.indexOf(".") < 0 ? text.length : text.indexOf(".");
  const value = Number(text);
  const epochMs = Math.round(digits <= 11 ? value * 1000 : value);
  return epochMs < EARLIEST || epochMs > LATEST ? null : epochMs;
}

const UNIX_FIELD = /^\d{9,14}(?:\.\d{1,6})?$/;

/** A whole field that is a timestamp (CSV), or null. */
export function parseTimestampField(field: string, timeZone: string): number | null {
  if (UNIX_FIELD.test(field)) return unixEpochMs(field);
  const read = readLeadingTimestamp(field, timeZone);
  return read && read.rest === "" ? read.epochMs : null;
}
