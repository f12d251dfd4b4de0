/** The report: a JSON-serialisable summary of a dump, with a plain-language verdict on top. */
import type { NodeSlots, SlotMigration } from "../cluster-slots";
import type { DumpAggregate } from "./aggregate";
import { allocStyle, type AllocStyle } from "./alloc-convention";
import type { DumpPlan } from "./input";
import {
  REGION_KINDS,
  REJECTION_DESCRIPTIONS,
  REJECTION_RULES,
  STRING_TYPES,
  type DumpFormat,
  type RegionKind,
  type RejectionRule,
  type ResolvedOptions,
  type StringType,
} from "./types";
import { buildVerdict, type Verdict } from "./verdict";

const TOP_SIGNATURES = 15;
const TOP_PATTERNS = 15;
const TOP_GROUPS = 10;
const TOP_RUNS = 10;
const MAX_WARNINGS = 50;


export interface SignatureRow {
  type: StringType;
  len: number;
  alloc: number;
  count: number;
  share: number;
  sampleAddress: string;
  sampleHex: string;
}

export interface RunGroupRow {
  type: StringType;
  len: number;
  alloc: number;
  stride: number;
  runs: number;
  strings: number;
}

export interface RunRow {
  start: string;
  end: string;
  count: number;
  stride: number;
  type: StringType;
  len: number;
  alloc: number;
}

export interface PatternRow {
  pattern: string;
  count: number;
  share: number;
  samples: string[];
  /** Present when slots were given: strings of this pattern in slots the node does not own. */
  foreign?: number;
  foreignShare?: number;
}

export interface DumpReport {
  verdict: Verdict;
  input: {
    format: DumpFormat;
    bytes: number;
    scannedBytes: number;
    skippedFileBackedBytes: number;
    regions: Record<RegionKind, { count: number; bytes: number; scanned: boolean }>;
    elf?: DumpPlan["elf"];
    hexdump?: DumpPlan["hexdump"];
    warnings: string[];
  };
  settings: Pick<ResolvedOptions, "anonOnly" | "align" | "minLen" | "maxLen" | "content" | "runThreshold">;
  strings: {
    total: number;
    keyLike: number;
    byType: Record<StringType, number>;
    byRegion: Record<RegionKind, number>;
    byTypeAndRegion: Record<StringType, Record<RegionKind, number>>;
  };
  candidates: {
    examined: number;
    accepted: number;
    rejected: Record<RejectionRule, number>;
    rules: Record<RejectionRule, string>;
  };
  /** sdshdr8..64 strings: the convention, and the counts of the kinds it is read from (alloc-convention.ts). */
  allocConvention: {
    style: AllocStyle;
    allocEqualsLen: number;
    allocAboveLen: number;
    equalShare: number;
    /** alloc == len filling a size class exactly (either convention). */
    exactFit: number;
    /** alloc is the rest of the size class the string needed (6.2+). */
    usableSize: number;
    /** alloc above len otherwise (grown by appends). */
    grown: number;
  };
  signatures: { distinct: number; top: SignatureRow[]; droppedStrings: number };
  runs: {
    threshold: number;
    runs: number;
    stringsInRuns: number;
    share: number;
    groups: RunGroupRow[];
    longest: RunRow[];
  };
  patterns: { distinct: number; top: PatternRow[]; otherStrings: number; maxUndercount: number };
  ownership: null | {
    source: NodeSlots["source"];
    nodeId?: string;
    address?: string;
    masterId?: string;
    ownedSlots: number;
    ranges: string;
    migrations: SlotMigration[];
    notes: string[];
    keyLikeHashed: number;
    foreign: number;
    foreignShare: number;
  };
  keyCount: null | { dbsize: number; keyLikeStrings: number; ratio: number | null };
}

export function hexAddress(address: number): string {
  return `0x${address.toString(16)}`;
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function allocConvention(kinds: readonly number[]): DumpReport["allocConvention"] {
  const [exactFit, equalLen, usableSize, grown] = kinds;
  const allocEqualsLen = exactFit + equalLen;
  const allocAboveLen = usableSize + grown;
  return {
    style: allocStyle(kinds),
    allocEqualsLen,
    allocAboveLen,
    equalShare: share(allocEqualsLen, allocEqualsLen + allocAboveLen),
    exactFit,
    usableSize,
    grown,
  };
}

function regionSummary(plan: DumpPlan): DumpReport["input"]["regions"] {
  const scanned = new Set(plan.scanned);
  const summary = Object.fromEntries(REGION_KINDS.map((kind) => [kind, { count: 0, bytes: 0, scanned: false }])) as DumpReport["input"]["regions"];
  for (const region of plan.regions) {
    const entry = summary[region.kind];
    entry.count++;
    entry.bytes += region.size;
    if (scanned.has(region)) entry.scanned = true;
  }
  return summary;
}

export function buildReport(
  plan: DumpPlan,
  totals: DumpAggregate,
  options: ResolvedOptions,
  slots: NodeSlots | null,
  dbsize: number | undefined,
): DumpReport {
  totals.finish();
  const byTypeAndRegion = {} as Record<StringType, Record<RegionKind, number>>;
  const byType = {} as Record<StringType, number>;
  const byRegion = Object.fromEntries(REGION_KINDS.map((kind) => [kind, 0])) as Record<RegionKind, number>;
  STRING_TYPES.forEach((type, t) => {
    byTypeAndRegion[type] = {} as Record<RegionKind, number>;
    byType[type] = 0;
    REGION_KINDS.forEach((kind, r) => {
      const count = totals.byTypeRegion[t * REGION_KINDS.length + r];
      byTypeAndRegion[type][kind] = count;
      byType[type] += count;
      byRegion[kind] += count;
    });
  });
  const rejected = Object.fromEntries(REJECTION_RULES.map((rule, i) => [rule, totals.rejections[i]])) as Record<RejectionRule, number>;
  const examined = totals.accepted + totals.rejections.reduce((a, b) => a + b, 0);
  const signatureByKey = new Map([...totals.signatures.map.values()].map((s) => [s.key, s]));
  const describe = (key: number | string) => {
    const signature = signatureByKey.get(key);
    return signature
      ? { type: STRING_TYPES[signature.type], len: signature.len, alloc: signature.alloc }
      : decodeSignatureKey(key);
  };
  const scannedBytes = plan.scanned.reduce((sum, region) => sum + region.size, 0);
  const report: DumpReport = {
    verdict: { conclusion: "nothing-found", summary: "", evidence: [] },
    input: {
      format: plan.format,
      bytes: plan.inputBytes,
      scannedBytes,
      skippedFileBackedBytes: plan.regions.reduce((sum, region) => sum + region.size, 0) - scannedBytes,
      regions: regionSummary(plan),
      ...(plan.elf ? { elf: plan.elf } : {}),
      ...(plan.hexdump ? { hexdump: plan.hexdump } : {}),
      warnings: plan.warnings.slice(0, MAX_WARNINGS),
    },
    settings: {
      anonOnly: options.anonOnly,
      align: options.align,
      minLen: options.minLen,
      maxLen: options.maxLen,
      content: options.content,
      runThreshold: options.runThreshold,
    },
    strings: { total: totals.accepted, keyLike: totals.keyLike, byType, byRegion, byTypeAndRegion },
    candidates: { examined, accepted: totals.accepted, rejected, rules: REJECTION_DESCRIPTIONS },
    allocConvention: allocConvention(totals.allocKinds),
    signatures: {
      distinct: totals.signatures.map.size + totals.signaturesDropped.entries,
      top: totals.signatures
        .sorted()
        .slice(0, TOP_SIGNATURES)
        .map((s) => ({
          type: STRING_TYPES[s.type],
          len: s.len,
          alloc: s.alloc,
          count: s.count,
          share: share(s.count, totals.accepted),
          sampleAddress: hexAddress(s.sampleAddress),
          sampleHex: s.sampleHex,
        })),
      droppedStrings: totals.signaturesDropped.count,
    },
    runs: {
      threshold: options.runThreshold,
      runs: totals.runs.runs,
      stringsInRuns: totals.runs.stringsInRuns,
      share: share(totals.runs.stringsInRuns, totals.accepted),
      groups: totals.runs.groups
        .sorted()
        .slice(0, TOP_GROUPS)
        .map((g) => ({ ...describe(g.signatureKey), stride: g.stride, runs: g.runs, strings: g.count })),
      longest: totals.runs.topRuns.slice(0, TOP_RUNS).map((run) => ({
        start: hexAddress(run.start),
        end: hexAddress(run.start + (run.count - 1) * run.stride),
        count: run.count,
        stride: run.stride,
        ...describe(run.signatureKey),
      })),
    },
    patterns: {
      distinct: totals.patterns.map.size + totals.patterns.dropped.entries,
      top: totals.patterns
        .sorted()
        .slice(0, TOP_PATTERNS)
        .map((p) => ({
          pattern: p.pattern,
          count: p.count,
          share: share(p.count, totals.keyLike),
          samples: p.samples,
          ...(slots ? { foreign: p.foreign, foreignShare: share(p.foreign, p.count) } : {}),
        })),
      otherStrings: totals.patterns.dropped.count,
      maxUndercount: totals.patterns.dropped.maxDroppedCount,
    },
    ownership: slots
      ? {
          source: slots.source,
          nodeId: slots.nodeId,
          address: slots.address,
          masterId: slots.masterId,
          ownedSlots: slots.ownedCount,
          ranges: slots.ranges,
          migrations: slots.migrations,
          notes: slots.notes,
          keyLikeHashed: totals.hashed,
          foreign: totals.foreign,
          foreignShare: share(totals.foreign, totals.hashed),
        }
      : null,
    keyCount:
      dbsize === undefined
        ? null
        : { dbsize, keyLikeStrings: totals.keyLike, ratio: dbsize > 0 ? totals.keyLike / dbsize : null },
  };
  report.verdict = buildVerdict(report);
  return report;
}

/** For signatures no longer in the bounded table: the key itself encodes type, len and alloc. */
function decodeSignatureKey(key: number | string): { type: StringType; len: number; alloc: number } {
  if (typeof key === "string") {
    const [type, len, alloc] = key.split(":").map(Number);
    return { type: STRING_TYPES[type], len, alloc };
  }
  const type = key % 8;
  const rest = (key - type) / 8;
  const len = rest % 8388608;
  return { type: STRING_TYPES[type], len, alloc: (rest - len) / 8388608 };
}
