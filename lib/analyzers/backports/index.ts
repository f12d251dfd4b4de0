/** Backport scanner: public API for the CLI, the REST handlers and the UI. */
export { scanBackports } from "./scan";
export { classifyPastedLog, type PastedFix, type PastedFormat, type PastedLogResult } from "./pasted";
export { classifyFixKind, DEFAULT_FIX_PATTERNS, type FixKind } from "./classify";
export { assertRepoAllowed } from "./repo-guard";
export { renderBackportScan, renderPastedLog } from "./render";
export { compareVersionNames, parseVersion } from "./versions";
export type * from "./types";
