/**
 * The verdict: one sentence a person can decide from, built only from the report's numbers, plus the
 * evidence lines behind it. The thresholds are deliberately coarse: the verdict points the way, the
 * tables below it carry the detail.
 */
import type { DumpReport } from "./report";

export type Conclusion = "leak-suspected" | "no-excess" | "inconclusive" | "nothing-found";

export interface Verdict {
  conclusion: Conclusion;
  summary: string;
  evidence: string[];
}

/** Strings hashing to foreign slots above this share mean copies of keys the node does not hold. */
const FOREIGN_SUSPICIOUS = 0.5;
const FOREIGN_NORMAL = 0.1;
/** Key-like strings per key: a key, some key-like values and a few copies are normal; 5× is not. */
const RATIO_SUSPICIOUS = 5;
const RATIO_NORMAL = 2;
const RUNS_DOMINANT = 0.5;
/** Below this many hashed strings a share says little. */
const MIN_HASHED = 100;

/** 6400000 → "6.4 M", 16384 → "16 k", 950 → "950". */
export function formatCount(value: number): string {
  const units: [number, string][] = [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, unit] of units) {
    if (value >= size) {
      const scaled = value / size;
      return `${scaled >= 10 ? Math.round(scaled) : Math.round(scaled * 10) / 10} ${unit}`;
    }
  }
  return String(value);
}

/** 0.973 → "97 %", 0.004 → "0.4 %". */
export function formatShare(value: number): string {
  const percent = value * 100;
  if (percent === 0 || percent >= 10) return `${Math.round(percent)} %`;
  return `${percent >= 1 ? Math.round(percent * 10) / 10 : Math.round(percent * 100) / 100} %`;
}

export function formatBytes(value: number): string {
  const units: [number, string][] = [
    [2 ** 30, "GiB"],
    [2 ** 20, "MiB"],
    [2 ** 10, "KiB"],
  ];
  for (const [size, unit] of units) if (value >= size) return `${Math.round((value / size) * 10) / 10} ${unit}`;
  return `${value} B`;
}

export function buildVerdict(report: DumpReport): Verdict {
  const evidence: string[] = [];
  const { strings, runs, ownership, keyCount } = report;
  if (strings.total === 0) {
    const scope = report.settings.anonOnly && report.input.skippedFileBackedBytes > 0 ? " in anonymous memory" : "";
    return {
      conclusion: "nothing-found",
      summary: `No SDS strings found${scope} (${formatBytes(report.input.scannedBytes)} scanned) — check the format, --align and --min-len`,
      evidence,
    };
  }
  const parts: string[] = [];
  let head = `${formatCount(strings.keyLike)} key-like strings`;
  if (keyCount) head += ` vs ${formatCount(keyCount.dbsize)} keys`;
  if (strings.keyLike !== strings.total) head += ` (${formatCount(strings.total)} strings decoded)`;
  parts.push(head);
  const foreignShare = ownership && ownership.keyLikeHashed > 0 ? ownership.foreignShare : null;
  if (foreignShare !== null) parts.push(`${formatShare(foreignShare)} hash to slots this node does not own`);
  const dominant = runs.groups[0];
  if (runs.runs > 0 && dominant) {
    const strideNote = dominant.strings >= runs.stringsInRuns * 0.9 ? `at stride ${dominant.stride}` : `mostly at stride ${dominant.stride}`;
    parts.push(`${formatShare(runs.share)} in ${formatCount(runs.runs)} contiguous run${runs.runs === 1 ? "" : "s"} ${strideNote}`);
    evidence.push(
      `Largest run group: ${dominant.type} len ${dominant.len} alloc ${dominant.alloc}, ${formatCount(dominant.strings)} strings in ${dominant.runs} run(s) ${dominant.stride} bytes apart.`,
    );
  }

  const ratio = keyCount?.ratio ?? null;
  const enoughHashed = ownership !== null && ownership.keyLikeHashed >= MIN_HASHED;
  const foreignHigh = enoughHashed && foreignShare !== null && foreignShare >= FOREIGN_SUSPICIOUS;
  const excess = ratio !== null && ratio >= RATIO_SUSPICIOUS;
  const runsDominant = runs.share >= RUNS_DOMINANT;
  let conclusion: Conclusion;
  let ending: string;
  if (foreignHigh || excess) {
    conclusion = "leak-suspected";
    const why = [
      ...(excess ? [`${Math.round(ratio!)}× more key-like strings than keys`] : []),
      ...(foreignHigh ? ["most belong to slots the node does not serve"] : []),
      ...(runsDominant ? ["created in bulk, back to back"] : []),
    ];
    ending = `consistent with leaked key copies (${why.join("; ")})`;
  } else if (ratio !== null && ratio < RATIO_NORMAL && (foreignShare === null || foreignShare < FOREIGN_NORMAL)) {
    conclusion = "no-excess";
    ending = "no excess of key strings — look for the memory elsewhere (buffers, fragmentation, values)";
  } else {
    conclusion = "inconclusive";
    const missing = [...(keyCount ? [] : ["--dbsize"]), ...(ownership ? [] : ["the node's slots (--cluster-nodes/--slots)"])];
    ending = missing.length ? `inconclusive without ${missing.join(" and ")}` : "inconclusive: no clear excess of foreign or copied keys";
  }

  if (keyCount && ratio !== null) evidence.push(`${ratio.toFixed(ratio >= 10 ? 0 : 1)} key-like strings per key (DBSIZE ${keyCount.dbsize}).`);
  if (ownership) {
    evidence.push(
      `${formatCount(ownership.foreign)} of ${formatCount(ownership.keyLikeHashed)} key-like strings hash outside the node's ${ownership.ownedSlots} slots (${ownership.ranges || "none"}).`,
    );
    const topForeign = report.patterns.top.find((p) => (p.foreignShare ?? 0) >= FOREIGN_SUSPICIOUS);
    if (topForeign) {
      evidence.push(`Pattern \`${topForeign.pattern}\`: ${formatCount(topForeign.count)} strings, ${formatShare(topForeign.foreignShare!)} in foreign slots.`);
    }
  }
  const signature = report.signatures.top[0];
  if (signature) {
    evidence.push(`Most common header: ${signature.type} len ${signature.len} alloc ${signature.alloc} (${formatCount(signature.count)}×, bytes ${signature.sampleHex}).`);
  }
  if (report.allocConvention.style !== "unknown") {
    const convention = report.allocConvention;
    evidence.push(
      `Header convention: ${convention.style} — ${formatShare(convention.equalShare)} of sdshdr8+ strings have alloc == len, ` +
        `${formatCount(convention.usableSize)} carry the allocator's usable size.`,
    );
  }
  if (report.settings.anonOnly && report.input.skippedFileBackedBytes > 0) {
    evidence.push(`${formatBytes(report.input.skippedFileBackedBytes)} of file-backed mappings skipped (anonymous memory only).`);
  }
  return { conclusion, summary: `${parts.join("; ")} — ${ending}`, evidence };
}
