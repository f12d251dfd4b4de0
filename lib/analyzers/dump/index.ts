/** Public surface of the SDS dump analyzer. */
export { analyzeDumpBuffer, type DumpProgress, type ProgressListener } from "./analyze";
export { analyzeDumpFile } from "./analyze-file";
export { renderDumpReportMarkdown } from "./render";
export type { DumpReport, PatternRow, RunGroupRow, RunRow, SignatureRow } from "./report";
export type { Conclusion, Verdict } from "./verdict";
export { keyPattern } from "./patterns";
export {
  STRING_TYPES,
  type ContentClass,
  type DumpAnalysisOptions,
  type DumpFormat,
  type RegionKind,
  type StringType,
} from "./types";
