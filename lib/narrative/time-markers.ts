/**
 * Recognises the time a line of a free-form postmortem starts with: "16:30 问题暴露",
 * "## 第二天10:00 重新整理思路", "- Day 2 10:00: rollback", "10月20日11:30", "**2024-03-01T10:00Z**".
 * Only the start of a line counts — times inside sentences ("在10月11日11:33分出现告警") are facts
 * of the story, not moments of the timeline.
 */

/** When a marker places its moment; resolved to an instant by lib/domain/entry-time.ts. */
export type MarkerTime =
  | { type: "absolute"; input: string } // ISO with offset, or "YYYY-MM-DD HH:MM" in the incident's zone
  | { type: "day"; day: number; hour: number; minute: number } // day N of the timeline
  | { type: "next-day"; hour: number; minute: number } // 次日 / 翌日 / the next day: the day after the previous moment
  | { type: "month-day"; month: number; day: number; hour: number; minute: number } // 10月20日11:30 (year of day 1)
  | { type: "clock"; hour: number; minute: number }; // 16:30: same day as the previous moment, or the next

export interface TimeMarker {
  time: MarkerTime;
  /** The time as written, e.g. "第二天10:00". */
  text: string;
  /** What follows the time on the line: the entry's title. */
  rest: string;
}

const CHINESE_NUMBERS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function chineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 1) return CHINESE_NUMBERS[text] ?? null;
  if (text.length === 2 && text[0] === "十") return 10 + (CHINESE_NUMBERS[text[1]] ?? NaN);
  if (text.length === 2 && text[1] === "十") return (CHINESE_NUMBERS[text[0]] ?? NaN) * 10;
  return null;
}

/** Markdown decoration in front of a line's text: headings, list markers, emphasis, quotes. */
const LEAD = /^\s*(?:#{1,6}\s+|>\s*|[-*+•·▪●]\s+|\d+[.)、]\s+)*(?:\*\*|__|\*|_|`)?\s*/u;
const DAY_PERIOD = "(上午|下午|晚上|凌晨|早上|中午|傍晚)?\\s*";
const CLOCK = "(\\d{1,2})\\s*[:：]\\s*(\\d{2})(?::\\d{2})?\\s*([ap]\\.?m\\.?)?";
const CHINESE_CLOCK = "(\\d{1,2})\\s*[点時时]\\s*(\\d{1,2})\\s*分?";
/** After the time: the end, a separator, or straight into CJK text — never more digits or letters. */
const END = "(?=$|[\\s:：\\-–—|·,，.。、)）\\]】*_]|[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}])";

const PATTERNS: Array<{ pattern: RegExp; read: (m: RegExpExecArray) => MarkerTime | null }> = [
  {
    pattern: new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?\\s*(Z|UTC|[+-]\\d{2}:?\\d{2})?${END}`, "iu"),
    read: (m) => {
      const [date, hour, minute, zone] = [`${m[1]}-${m[2]}-${m[3]}`, m[4].padStart(2, "0"), m[5], m[7]?.toUpperCase()];
      if (!zone) return { type: "absolute", input: `${date} ${hour}:${minute}` };
      const offset = zone === "Z" || zone === "UTC" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
      return { type: "absolute", input: `${date}T${hour}:${minute}:${m[6] ?? "00"}${offset}` };
    },
  },
  {
    pattern: new RegExp(`^第\\s*([一二两三四五六七八九十\\d]{1,3})\\s*[天日]\\s*[,，]?\\s*${DAY_PERIOD}(?:${CLOCK}|${CHINESE_CLOCK})${END}`, "iu"),
    read: (m) => {
      const day = chineseNumber(m[1]);
      return day && day >= 1 ? { type: "day", day, ...clock(m[2], m[3] ?? m[6], m[4] ?? m[7], m[5]) } : null;
    },
  },
  {
    pattern: new RegExp(`^(?:次日|翌日|隔天|第二日|the next day|next day)\\s*[,，]?\\s*${DAY_PERIOD}(?:${CLOCK}|${CHINESE_CLOCK})${END}`, "iu"),
    read: (m) => ({ type: "next-day", ...clock(m[1], m[2] ?? m[5], m[3] ?? m[6], m[4]) }),
  },
  {
    pattern: new RegExp(`^day\\s*(\\d{1,3})\\s*[,:\\-–—]?\\s*(?:at\\s+)?${CLOCK}${END}`, "iu"),
    read: (m) => (Number(m[1]) >= 1 ? { type: "day", day: Number(m[1]), ...clock(null, m[2], m[3], m[4]) } : null),
  },
  {
    pattern: new RegExp(`^(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]\\s*[,，]?\\s*${DAY_PERIOD}(?:${CLOCK}|${CHINESE_CLOCK})${END}`, "iu"),
    read: (m) => ({ type: "month-day", month: Number(m[1]), day: Number(m[2]), ...clock(m[3], m[4] ?? m[7], m[5] ?? m[8], m[6]) }),
  },
  {
    pattern: new RegExp(`^${DAY_PERIOD}(?:${CLOCK}|${CHINESE_CLOCK})${END}`, "iu"),
    read: (m) => ({ type: "clock", ...clock(m[1], m[2] ?? m[5], m[3] ?? m[6], m[4]) }),
  },
];

/** 24-hour clock from "下午 4:30" / "4:30 pm" / "16:30". */
function clock(period: string | null | undefined, hourText: string, minuteText: string, meridiem: string | undefined): { hour: number; minute: number } {
  let hour = Number(hourText);
  const afternoon = (meridiem && /^p/i.test(meridiem)) || (period && /下午|晚上|傍晚/.test(period));
  const morning = (meridiem && /^a/i.test(meridiem)) || (period && /凌晨/.test(period));
  if (afternoon && hour < 12) hour += 12;
  if (morning && hour === 12) hour = 0;
  return { hour, minute: Number(minuteText) };
}

const SEPARATORS = /^[\s:：\-–—|·,，.。、)）\]】*_`]+/u;

/** The time a line starts with, or null. Impossible clock times (25:61) are not times. */
export function readTimeMarker(line: string): TimeMarker | null {
  const lead = LEAD.exec(line)?.[0] ?? "";
  const text = line.slice(lead.length);
  for (const { pattern, read } of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const time = read(match);
    if (!time) return null;
    if ("hour" in time && (time.hour > 23 || time.minute > 59)) return null;
    if (time.type === "month-day" && (time.month < 1 || time.month > 12 || time.day < 1 || time.day > 31)) return null;
    const rest = text.slice(match[0].length).replace(SEPARATORS, "").replace(/(\*\*|__)\s*$/, "").trim();
    return { time, text: match[0].trim(), rest };
  }
  return null;
}

/** A line that only names a day ("第二天", "Day 2", "次日"): later bare times belong to that day. */
export function readDayHeading(line: string): { day: number | "next" } | null {
  const text = line.replace(LEAD, "").replace(/[\s:：*_#]+$/u, "").trim();
  const chinese = /^第\s*([一二两三四五六七八九十\d]{1,3})\s*[天日]$/u.exec(text);
  if (chinese) {
    const day = chineseNumber(chinese[1]);
    return day && day >= 1 ? { day } : null;
  }
  const english = /^day\s*(\d{1,3})(?:\s*[-–—:(].*)?$/i.exec(text);
  if (english && Number(english[1]) >= 1) return { day: Number(english[1]) };
  if (/^(次日|翌日|隔天|第二日|the next day|next day)$/iu.test(text)) return { day: "next" };
  return null;
}
