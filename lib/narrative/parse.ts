import { formatZonedIso, localDateKey, resolveEntryTime, slugify, uniqueKey, zonedToInstant, type EntryKind } from "../domain";
import type { DraftAttachment, DraftEntry, DraftLesson, NarrativeDraft } from "./draft";
import { guessEntryKind } from "./kinds";
import { extractImages, readSectionHeading, type SectionKind } from "./structure";
import { readDayHeading, readTimeMarker, type MarkerTime, type TimeMarker } from "./time-markers";
import { lessonItems, sentenceTitle, tidyBody } from "./text";

/**
 * Free-form postmortem (Markdown or plain text, English, Chinese or Japanese) → a draft incident.
 * Lines that start with a time become timeline entries; the text up to the next time is the body.
 * Sections named like "lessons" / "后续思考" become lessons, "root cause" / "impact" fill those
 * fields, and the text before the first time is the title and summary.
 */

export interface NarrativeOptions {
  /** IANA zone of the times in the text; default by language (zh → Asia/Shanghai, ja → Asia/Tokyo, else UTC). */
  timezone?: string;
  /** Day 1 (YYYY-MM-DD) when the text has times of day only; default: the first full date in it, else today. */
  day1?: string;
  /** Incident slugs already in use, so the suggested slug is free. */
  takenSlugs?: ReadonlySet<string>;
  /** "Today", for tests. */
  now?: Date;
}

interface OpenEntry {
  marker: TimeMarker;
  /** A day named by a heading line before this entry ("第二天" / "Day 2"). */
  dayHint: number | "next" | null;
  firstLine: number;
  lastLine: number;
  bodyLines: string[];
  images: Array<{ filename: string; line: number }>;
}

export function detectLanguage(text: string): string {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const han = count(/\p{Script=Han}/gu);
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const latin = count(/\p{Script=Latin}/gu);
  if (kana > 10 && kana * 5 >= han) return "ja";
  if (han > 10 && han * 3 > latin) return "zh";
  return "";
}

const DEFAULT_ZONES: Record<string, string> = { zh: "Asia/Shanghai", ja: "Asia/Tokyo" };

const pad = (n: number) => String(n).padStart(2, "0");

/** The day-1 date: given, else the date of the first absolute time, else today in the zone. */
function dayOne(markers: TimeMarker[], options: NarrativeOptions, timeZone: string): { date: string; assumed: boolean } {
  if (options.day1) return { date: options.day1, assumed: false };
  const first = markers.find((marker) => marker.time.type === "absolute");
  if (first && first.time.type === "absolute") {
    return { date: localDateKey(resolveEntryTime(first.time.input, { timeZone, origin: null }), timeZone), assumed: false };
  }
  return { date: localDateKey(options.now ?? new Date(), timeZone), assumed: true };
}

/** An entry's instant: markers are resolved in the order the text gives them, each after the previous. */
function resolveMarker(time: MarkerTime, dayHint: OpenEntry["dayHint"], context: { timeZone: string; origin: string; previous: string | null; day1: string }): string {
  const { timeZone, origin, previous } = context;
  const dayOf = (iso: string) => Math.round((Date.parse(`${localDateKey(iso, timeZone)}T00:00:00Z`) - Date.parse(`${context.day1}T00:00:00Z`)) / 86_400_000) + 1;
  const clock = "hour" in time ? `${pad(time.hour)}:${pad(time.minute)}` : "";
  const onDay = (day: number) => resolveEntryTime(`day ${Math.max(1, day)} ${clock}`, { timeZone, origin });
  switch (time.type) {
    case "absolute":
      return resolveEntryTime(time.input, { timeZone, origin });
    case "day":
      return onDay(time.day);
    case "next-day":
      return onDay((previous ? dayOf(previous) : 1) + 1);
    case "month-day":
      return resolveEntryTime(`${time.month}月${time.day}日${clock}`, { timeZone, origin });
    case "clock":
      if (dayHint === "next") return onDay((previous ? dayOf(previous) : 1) + 1);
      if (typeof dayHint === "number") return onDay(dayHint);
      return resolveEntryTime(clock, { timeZone, origin, previous });
  }
}

export function buildNarrativeDraft(source: string, options: NarrativeOptions = {}): NarrativeDraft {
  const lines = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const language = detectLanguage(source);
  const timeZone = options.timezone ?? DEFAULT_ZONES[language] ?? "UTC";
  const warnings: string[] = [];

  const markers = lines.map((line) => readTimeMarker(line));
  const day1 = dayOne(markers.filter((marker): marker is TimeMarker => marker !== null), options, timeZone);
  const [year, month, day] = day1.date.split("-").map(Number);
  const origin = zonedToInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone).toISOString();

  let section: SectionKind | "preamble" = "preamble";
  let title = "";
  let titleLine = 0;
  const preamble: string[] = [];
  const sections: Record<"lessons" | "root-cause" | "impact", Array<{ text: string; line: number }>> = { lessons: [], "root-cause": [], impact: [] };
  const open: OpenEntry[] = [];
  const preambleImages: Array<{ filename: string; line: number }> = [];
  let dayHint: OpenEntry["dayHint"] = null;

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const marker = markers[index];
    if (marker) {
      open.push({ marker, dayHint, firstLine: lineNo, lastLine: lineNo, bodyLines: [], images: [] });
      dayHint = null;
      section = "timeline";
      return;
    }
    const day = readDayHeading(raw);
    if (day) {
      dayHint = day.day;
      section = "timeline";
      return;
    }
    const heading = readSectionHeading(raw);
    if (heading === "timeline" || heading === "summary") {
      // Headings that only announce the parts this import already sorts into place.
      section = heading === "timeline" ? "timeline" : "preamble";
      return;
    }
    if (heading === "lessons" || heading === "root-cause" || heading === "impact") {
      section = heading;
      return;
    }
    if (heading === "other" && section !== "preamble" && section !== "timeline") section = "other";
    if (!title && raw.trim() && section === "preamble") {
      title = raw.replace(/^\s*#{1,6}\s+/, "").replace(/^(\*\*|__)(.*)\1\s*$/, "$2").trim();
      titleLine = lineNo;
      return;
    }
    const { images, text } = extractImages(raw);
    if (section === "lessons" || section === "root-cause" || section === "impact") {
      sections[section].push({ text, line: lineNo });
    } else if (open.length && section !== "preamble") {
      const entry = open[open.length - 1];
      entry.bodyLines.push(text);
      if (text.trim()) entry.lastLine = lineNo;
      entry.images.push(...images.map((filename) => ({ filename, line: lineNo })));
    } else {
      preamble.push(text);
      preambleImages.push(...images.map((filename) => ({ filename, line: lineNo })));
    }
  });

  // Resolve in text order, so "HH:MM" rolls over past midnight from the moment written before it.
  const takenKeys = new Set<string>();
  let previous: string | null = null;
  let previousText = "";
  const entries: DraftEntry[] = [];
  const attachments: DraftAttachment[] = preambleImages.map((image) => ({ filename: image.filename, entryKey: null, line: image.line }));
  for (const item of open) {
    const at = resolveMarker(item.marker.time, item.dayHint, { timeZone, origin, previous, day1: day1.date });
    if (previous && Date.parse(at) < Date.parse(previous)) {
      warnings.push(`line ${item.firstLine}: "${item.marker.text}" comes after "${previousText}" in the text; the timeline orders entries by time`);
    }
    previous = at;
    previousText = item.marker.text;
    const body = tidyBody(item.bodyLines);
    const guess = guessEntryKind(item.marker.rest, body);
    const entryTitle = item.marker.rest || sentenceTitle(body) || item.marker.text;
    const key = uniqueKey(slugify(entryTitle, `${guess.kind}-${localClock(at, timeZone)}`), takenKeys);
    takenKeys.add(key);
    entries.push({
      key,
      at: formatZonedIso(at, timeZone),
      timeText: item.marker.text,
      kind: guess.kind,
      kindCue: guess.cue,
      title: entryTitle.slice(0, 300),
      body,
      lines: [item.firstLine, item.lastLine],
    });
    attachments.push(...item.images.map((image) => ({ filename: image.filename, entryKey: key, line: image.line })));
  }
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const summary = tidyBody(preamble);
  if (entries.length === 0) {
    entries.push(wholeTextAsNote(lines, titleLine, origin, timeZone));
    warnings.push(
      "no times found at the start of lines (like 16:30, Day 2 10:00 or 第二天10:00): the whole text is one note entry — split it here, or add times and build the draft again",
    );
  }
  if (day1.assumed && open.length) {
    warnings.push(`the text gives times of day but no date: day 1 is set to ${day1.date}; set the real date before saving`);
  }
  const lessons: DraftLesson[] = lessonItems(sections.lessons);
  const incidentTitle = (title || entries[0].title).slice(0, 200);
  const slugBase = `${slugify(incidentTitle, "incident", 50)}-${day1.date}`;
  return {
    incident: {
      slug: uniqueKey(slugBase, new Set(options.takenSlugs ?? [])),
      title: incidentTitle,
      summary,
      impact: tidyBody(sections.impact.map((line) => line.text)),
      rootCause: tidyBody(sections["root-cause"].map((line) => line.text)),
      originalLanguage: language,
      timezone: timeZone,
      status: "postmortem-draft",
      severity: "sev3",
      detectedAt: entries[0]?.at ?? null,
    },
    entries,
    lessons,
    attachments,
    warnings,
    day1,
  };
}

function localClock(iso: string, timeZone: string): string {
  return formatZonedIso(iso, timeZone).slice(11, 16).replace(":", "");
}

function wholeTextAsNote(lines: string[], titleLine: number, origin: string, timeZone: string): DraftEntry {
  const bodyLines = lines.map((line, index) => (index + 1 === titleLine ? "" : extractImages(line).text));
  const body = tidyBody(bodyLines);
  const kind: EntryKind = "note";
  return {
    key: "narrative",
    at: formatZonedIso(origin, timeZone),
    timeText: "",
    kind,
    kindCue: null,
    title: sentenceTitle(body) || "Narrative",
    body,
    lines: [1, lines.length],
  };
}
