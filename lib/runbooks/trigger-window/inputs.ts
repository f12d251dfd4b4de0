/**
 * The two inputs of the trigger-window tool: a metric series (CSV `timestamp,value`, header optional)
 * and an event log (one timestamped line per event). Lines that cannot be read are reported by line
 * number; they are only fatal when nothing at all can be read.
 */
import { InvalidInputError } from "../../errors";
import { parseTimestampField, readLeadingTimestamp } from "./timestamps";

export interface LineProblem {
  line: number;
  message: string;
}

export interface MetricPoint {
  t: number;
  value: number;
  line: number;
}

export interface ParsedMetrics {
  points: MetricPoint[];
  problems: LineProblem[];
  /** Lines that repeated an earlier timestamp (the later value wins). */
  duplicates: number;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
}

/** Fields of a CSV line: comma, semicolon or tab; surrounding quotes removed. */
function fields(line: string): string[] {
  const separator = line.includes("\t") ? "\t" : line.includes(";") && !line.includes(",") ? ";" : ",";
  return line.split(separator).map((raw) => {
    const field = raw.trim();
    return field.length > 1 && field[0] === '"' && field[field.length - 1] === '"' ? field.slice(1, -1).trim() : field;
  });
}

export function parseMetricsCsv(text: string, timeZone: string): ParsedMetrics {
  const lines = splitLines(text);
  const problems: LineProblem[] = [];
  const byTime = new Map<number, MetricPoint>();
  let duplicates = 0;
  let firstLine = true;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const number = index + 1;
    if (!line || line.startsWith("#")) return;
    const parts = fields(line);
    if (parts.length !== 2) {
      firstLine = false;
      problems.push({ line: number, message: `expected two fields "timestamp,value", found ${parts.length}` });
      return;
    }
    const t = parseTimestampField(parts[0], timeZone);
    const valueOk = NUMBER.test(parts[1]);
    // The first line may be a header (text in both fields); later lines never are.
    const header = firstLine && t === null && !valueOk && !/\d/.test(parts[0]);
    firstLine = false;
    if (header) return;
    if (t === null) {
      problems.push({ line: number, message: `"${parts[0].slice(0, 40)}" is not a timestamp (ISO 8601, or unix seconds or milliseconds)` });
      return;
    }
    if (!valueOk) {
      problems.push({ line: number, message: `"${parts[1].slice(0, 40)}" is not a plain number (write bytes without units)` });
      return;
    }
    if (byTime.has(t)) duplicates++;
    byTime.set(t, { t, value: Number(parts[1]), line: number });
  });
  const points = [...byTime.values()].sort((a, b) => a.t - b.t);
  return { points, problems, duplicates };
}

/** Event kinds the runbook knows, recognised from Redis log messages and platform operation logs. */
const EVENT_PATTERNS: [kind: string, pattern: RegExp][] = [
  ["slot-migration", /slots?\s*migrat|migrat\w*\s+(of\s+)?slots?|reshard|scale[- ]?(out|in)\b|CLUSTER SETSLOT|GETKEYSINSLOT|\bMIGRATE\b|rebalanc|横向扩容|迁移/i],
  ["failover", /fail[- ]?over|failing over|promot\w* to (master|primary)|MASTER MODE enabled|Connection with master lost|主从切换/i],
  ["aof-rewrite", /BGREWRITEAOF|rewrit\w*\s+(of\s+)?(the\s+)?AOF|AOF\s*rewrit|append only file rewrit|AOF\s*重写/i],
  ["full-sync", /full\s*re-?sync|FULLRESYNC|MASTER <-> (SLAVE|REPLICA) sync|BGSAVE for SYNC|SYNC with master/i],
  ["bgsave", /\bBGSAVE\b|Background saving|DB saved on disk/i],
  ["config-change", /CONFIG (SET|REWRITE)|config(uration)?\s*(change|reload|update)|vertical(ly)?\s*scal|scale[- ]?up|resiz|垂直扩容/i],
  ["eviction", /evict|maxmemory|\bOOM\b|out of memory|memory usage[^\n]*100\s*%|内存使用率|淘汰|驱除/i],
  ["restart", /Server (started|initialized)|Ready to accept connections|Redis is starting|Received SIG(TERM|INT)|shut ?down|restart|重启/i],
  ["deploy", /deploy|roll[- ]?out|upgrade|\brelease\b/i],
];

export function classifyEvent(text: string): string | null {
  return EVENT_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

export interface LogEvent {
  t: number;
  line: number;
  text: string;
  /** A known event kind, or null for other lines. */
  kind: string | null;
}

export interface ParsedEvents {
  events: LogEvent[];
  problems: LineProblem[];
}

export function parseEventLog(text: string, timeZone: string): ParsedEvents {
  const events: LogEvent[] = [];
  const problems: LineProblem[] = [];
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const read = readLeadingTimestamp(line, timeZone);
    if (!read) {
      problems.push({ line: index + 1, message: "no timestamp at the start of the line (ISO 8601, unix time, or a Redis log line)" });
      return;
    }
    const message = read.rest.slice(0, 500);
    events.push({ t: read.epochMs, line: index + 1, text: message, kind: classifyEvent(message) });
  });
  events.sort((a, b) => a.t - b.t || a.line - b.line);
  return { events, problems };
}

/** Throws a one-line InvalidInputError when an input has content but not one readable line. */
export function requireSomeParsed(what: string, text: string, parsed: number, problems: LineProblem[]): void {
  if (!text.trim()) throw new InvalidInputError(`the ${what} are empty`);
  if (parsed === 0) {
    const first = problems[0];
    const why = first ? ` (line ${first.line}: ${first.message})` : " (only a header line)";
    throw new InvalidInputError(`no line of the ${what} could be read${why}`, problems.slice(0, 50).map((problem) => ({ path: `line ${problem.line}`, message: problem.message })));
  }
}
