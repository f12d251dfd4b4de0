/**
 * Review of base..head in a local repository: whole files at both refs are read (one `git cat-file
 * --batch`), changed functions are compared on their complete bodies, and every caller in the head
 * tree is checked for whether it releases (or still releases) what crosses the call.
 */
import { UnprocessableError } from "../../errors";
import { openRepository, readBlobs, resolveCommit, runGit, runGitRaw } from "../git";
import { findingsForFunction, type CallerSite } from "./callers";
import { bodyOf, C_FILE, callSitesOf, functionsAtLines, parseCFile, type ParsedCFile } from "./c-index";
import type { CFunction } from "./c-functions";
import { summarizeOwnership, type OwnershipConfig } from "./ownership";
import type { CalleeRef, DiffReviewResult, Finding, FunctionRef } from "./types";
import { parseUnifiedDiff, type DiffFile } from "./unified-diff";
import { assembleFeatures, buildWalkList, type AnalyzedFunction } from "./walk-list";

/** Above this many C files in the head tree, only the directories of changed files are indexed. */
const MAX_INDEXED_FILES = 4000;

async function listCFiles(repo: string, head: string, changedPaths: string[]): Promise<string[]> {
  const { stdout } = await runGitRaw(repo, ["ls-tree", "-r", "-z", "--name-only", head]);
  const all = stdout.toString("utf8").split("\0").filter((path) => path && C_FILE.test(path));
  if (all.length <= MAX_INDEXED_FILES) return all;
  const directories = new Set(changedPaths.map((path) => path.slice(0, path.lastIndexOf("/") + 1)));
  return all.filter((path) => directories.has(path.slice(0, path.lastIndexOf("/") + 1)));
}

function changedLines(file: DiffFile): { added: Set<number>; removed: Set<number> } {
  const added = new Set<number>();
  const removed = new Set<number>();
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === "+") added.add(line.newLine!);
      if (line.kind === "-") removed.add(line.oldLine!);
    }
  }
  return { added, removed };
}

interface ChangedFunction {
  file: string;
  name: string;
  head: CFunction | null;
  base: CFunction | null;
  baseFile?: ParsedCFile;
}

export async function reviewRepository(
  repoPath: string,
  baseRef: string,
  headRef: string,
  config: OwnershipConfig,
): Promise<DiffReviewResult> {
  const repo = await openRepository(repoPath);
  const base = await resolveCommit(repo, baseRef, "base ref");
  const head = await resolveCommit(repo, headRef, "head ref");
  const diffText = await runGit(repo, ["diff-tree", "-r", "-p", "--no-color", "--no-ext-diff", "--no-textconv", base, head]);
  const diffLines = diffText === "" ? 0 : diffText.split("\n").length - 1;
  const files = diffText.trim() === "" ? [] : parseUnifiedDiff(diffText);

  const changedC = files.filter((file) => C_FILE.test(file.path) && !file.binary);
  const cPaths = await listCFiles(repo, head, changedC.map((file) => file.path));
  const baseSpecs = changedC.filter((file) => file.oldPath).map((file) => `${base}:${file.oldPath}`);
  const blobs = await readBlobs(repo, [...cPaths.map((path) => `${head}:${path}`), ...baseSpecs]);

  const headFiles = new Map<string, ParsedCFile>();
  for (const path of cPaths) {
    const source = blobs.get(`${head}:${path}`);
    if (source != null) headFiles.set(path, parseCFile(path, source));
  }

  const changedFunctions: ChangedFunction[] = [];
  for (const file of changedC) {
    const { added, removed } = changedLines(file);
    const headFile = file.newPath ? headFiles.get(file.newPath) : undefined;
    const baseSource = file.oldPath ? blobs.get(`${base}:${file.oldPath}`) : null;
    const baseFile = baseSource != null ? parseCFile(file.oldPath!, baseSource) : undefined;
    const byName = new Map<string, ChangedFunction>();
    for (const fn of headFile ? functionsAtLines(headFile, added) : []) {
      byName.set(fn.name, { file: file.path, name: fn.name, head: fn, base: null });
    }
    for (const fn of baseFile ? functionsAtLines(baseFile, removed) : []) {
      const entry = byName.get(fn.name) ?? { file: file.path, name: fn.name, head: headFile?.functions.find((f) => f.name === fn.name) ?? null, base: null };
      byName.set(fn.name, entry);
    }
    for (const entry of byName.values()) {
      entry.base = baseFile?.functions.find((f) => f.name === entry.name) ?? null;
      entry.baseFile = baseFile;
      changedFunctions.push(entry);
    }
    if (!headFile && file.newPath) {
      throw new UnprocessableError(`could not read ${file.newPath} at ${head.slice(0, 12)}`);
    }
  }

  const changedKeys = new Set(changedFunctions.map((fn) => `${fn.file}\0${fn.name}`));
  const definitions = new Map<string, Array<{ file: ParsedCFile; fn: CFunction }>>();
  for (const file of headFiles.values()) {
    for (const fn of file.functions) definitions.set(fn.name, [...(definitions.get(fn.name) ?? []), { file, fn }]);
  }

  const findings: Finding[] = [];
  const analyzed: AnalyzedFunction[] = [];
  for (const changed of changedFunctions) {
    const headFile = headFiles.get(changed.file);
    if (!changed.head || !headFile) {
      analyzed.push({ file: changed.file, name: changed.name, line: changed.base?.line ?? 0, changed: true, callers: [], callees: [] });
      continue;
    }
    const callerSites = findCallerSites(changed, headFile, headFiles, definitions, changedKeys);
    if (changed.base && changed.baseFile) {
      const baseFile = changed.baseFile;
      findings.push(
        ...findingsForFunction(
          {
            name: changed.name,
            file: changed.file,
            line: changed.head.line,
            base: summarizeOwnership(bodyOf(baseFile, changed.base), config),
            head: summarizeOwnership(bodyOf(headFile, changed.head), config),
          },
          callerSites,
          config,
        ),
      );
    }
    const callers: FunctionRef[] = callerSites.map((site) => ({ function: site.function, file: site.file, line: site.call.line }));
    const callees: CalleeRef[] = [];
    for (const name of new Set((bodyOf(headFile, changed.head).calls ?? []).map((call) => call.name))) {
      if (name === changed.name) continue;
      const defs = definitions.get(name) ?? [];
      const def = defs.find((d) => d.file === headFile) ?? defs.find((d) => !d.fn.isStatic);
      callees.push(def ? { function: name, file: def.file.path, line: def.fn.line } : { function: name });
    }
    analyzed.push({ file: changed.file, name: changed.name, line: changed.head.line, changed: true, callers, callees });
  }

  return {
    mode: "repo",
    base,
    head,
    features: assembleFeatures(analyzed),
    walkList: buildWalkList(analyzed, findings, new Set([...config.allocators, ...config.releasers])),
    findings,
    callersChecked: true,
    stats: { files: files.length, changedFunctions: analyzed.length, diffLines },
  };
}

/** Call sites of a changed function in the head tree, respecting `static` visibility. */
function findCallerSites(
  changed: ChangedFunction,
  headFile: ParsedCFile,
  headFiles: Map<string, ParsedCFile>,
  definitions: Map<string, Array<{ file: ParsedCFile; fn: CFunction }>>,
  changedKeys: Set<string>,
): CallerSite[] {
  const candidates = changed.head!.isStatic
    ? [headFile]
    : [...headFiles.values()].filter(
        (file) => file === headFile || !(definitions.get(changed.name) ?? []).some((d) => d.file === file && d.fn.isStatic),
      );
  const sites: CallerSite[] = [];
  for (const file of candidates) {
    for (const { caller, offset } of callSitesOf(file, changed.name)) {
      const body = bodyOf(file, caller);
      const call = body.calls?.find((c) => c.offset === offset);
      if (!call) continue;
      sites.push({ function: caller.name, file: file.path, body, call, updated: changedKeys.has(`${file.path}\0${caller.name}`) });
    }
  }
  return sites;
}
