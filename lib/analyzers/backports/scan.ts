/**
 * Backport scanner: which upstream memory-safety fixes the deployed version (and the fork) lacks.
 *
 * Process budget (independent of history size): for-each-ref, rev-parse ×2–3, merge-base, one
 * streamed `git log` for the whole graph, one diff-tree -p + one patch-id for the candidates, one
 * diff-tree --name-only for the deployed side, and one more diff-tree -p + patch-id for the few
 * deployed-side commits whose file set equals a candidate's (only those can share a patch-id).
 */
import { InvalidInputError } from "../../errors";
import { mergeBase, openRepository, resolveCommit, runGit } from "../git";
import { classifyFixKind, compilePatterns, matchesFixPattern } from "./classify";
import { loadCommitDiffs, loadFileSets, type CommitDiff } from "./commit-diffs";
import { buildFixes, type CommitFacts } from "./fixes";
import { firstContainingTag, loadGraph, reachableFrom } from "./graph";
import { listRefs, mainBranch, releaseLine, selectLines, type ReleaseLine, type RepoRefs } from "./refs";
import type { BackportScanResult, ScanBackportsOptions } from "./types";
import { lineOf, parseVersion } from "./versions";

const CHERRY_PICK_TRAILER = /\(cherry picked from commit ([0-9a-f]{7,64})\)/g;

async function deployedVersion(repo: string, refs: RepoRefs, ref: string, commit: string): Promise<string | null> {
  if (parseVersion(ref)) return ref;
  const atCommit = refs.tags.filter((tag) => tag.commit === commit);
  if (atCommit.length > 0) return atCommit[atCommit.length - 1].name;
  try {
    const described = await runGit(repo, ["describe", "--tags", "--abbrev=0", "--match", "[0-9]*", "--match", "v[0-9]*", commit]);
    return parseVersion(described.trim()) ? described.trim() : null;
  } catch {
    return null;
  }
}

export async function scanBackports(options: ScanBackportsOptions): Promise<BackportScanResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round(performance.now() - since));

  const repo = await openRepository(options.repo);
  if (!options.deployed) throw new InvalidInputError("the deployed version (tag or commit) is required");
  const patterns = compilePatterns(options.extraPatterns);
  let t = performance.now();
  const [refs, deployedCommit, forkCommit] = await Promise.all([
    listRefs(repo),
    resolveCommit(repo, options.deployed, "deployed version"),
    options.fork ? resolveCommit(repo, options.fork, "fork ref") : Promise.resolve(null),
  ]);
  if (options.mainBranch !== undefined && !refs.branches.has(options.mainBranch)) {
    throw new InvalidInputError(`unknown main branch "${options.mainBranch}"`);
  }
  const version = await deployedVersion(repo, refs, options.deployed, deployedCommit);
  const deployedLine = version ? lineOf(parseVersion(version)!) : null;
  const lines = selectLines(refs, deployedLine, options.lines, options.mainBranch);
  if (lines.length === 0) throw new InvalidInputError("no release line to scan");

  // Bound the history: everything below the point where the deployed line left the main branch
  // is in every line alike.
  const main = mainBranch(refs, options.mainBranch);
  const others = lines.filter((line) => line.line !== deployedLine);
  const boundaryTip = main?.commit ?? others[others.length - 1]?.tip.commit ?? null;
  const lineBase = boundaryTip ? await mergeBase(repo, deployedCommit, boundaryTip) : null;
  lap("refs", t);

  // Tags of the deployed line too, so that present fixes get their first release.
  const deployedRelease = deployedLine ? releaseLine(refs, deployedLine) : null;
  const tagLines: ReleaseLine[] = [...lines];
  if (deployedRelease && !lines.some((line) => line.line === deployedLine)) tagLines.push(deployedRelease);

  t = performance.now();
  const include = [deployedCommit, ...(forkCommit ? [forkCommit] : []), ...lines.map((l) => l.tip.commit), ...tagLines.flatMap((l) => l.tags.map((tag) => tag.commit))];
  const graph = await loadGraph(repo, include, lineBase ? [lineBase] : []);
  lap("log", t);

  t = performance.now();
  const inDeployed = reachableFrom(graph, deployedCommit);
  const inFork = forkCommit ? reachableFrom(graph, forkCommit) : null;
  const onLine = lines.map((line) => reachableFrom(graph, line.tip.commit));
  const firstTagIndex = tagLines.map((line) => firstContainingTag(graph, line.tags.map((tag) => tag.commit)));
  const n = graph.hashes.length;
  const upstream = new Uint8Array(n);
  for (const reach of onLine) for (let i = 0; i < n; i++) upstream[i] |= reach[i];

  const candidates: number[] = [];
  const deployedSide: number[] = [];
  const forkOwn: number[] = [];
  for (let i = 0; i < n; i++) {
    if (graph.parentCount[i] > 1) continue; // merges carry no patch of their own
    const inScope = inDeployed[i] === 1 || upstream[i] === 1;
    if (inScope && matchesFixPattern(`${graph.subjects[i]}\n${graph.bodies[i]}`, patterns)) candidates.push(i);
    else if (inDeployed[i]) deployedSide.push(i);
    else if (inFork?.[i] && !upstream[i]) forkOwn.push(i);
  }
  lap("graph", t);

  t = performance.now();
  const [primary, deployedFileSets] = await Promise.all([
    loadCommitDiffs(repo, [...candidates, ...forkOwn].map((i) => graph.hashes[i])),
    loadFileSets(repo, deployedSide.map((i) => graph.hashes[i])),
  ]);
  // Only a deployed-side commit touching exactly the files of a missing candidate can share its patch-id.
  const candidateFileSets = new Set(
    candidates.filter((i) => !inDeployed[i]).map((i) => [...(primary.diffs.get(graph.hashes[i])?.files ?? [])].sort().join("\n")),
  );
  const equivalents = deployedSide.filter((i) => candidateFileSets.has(deployedFileSets.get(graph.hashes[i]) ?? "\0"));
  const secondary = await loadCommitDiffs(repo, equivalents.map((i) => graph.hashes[i]));
  lap("diffs", t);

  t = performance.now();
  const diffs = new Map<string, CommitDiff>([...primary.diffs, ...secondary.diffs]);
  const patchIds = new Map<string, string>([...primary.patchIds, ...secondary.patchIds]);
  const facts = (i: number): CommitFacts => {
    const hash = graph.hashes[i];
    const message = `${graph.subjects[i]}\n${graph.bodies[i]}`;
    return {
      hash,
      subject: graph.subjects[i],
      message,
      authorTime: graph.authorTimes[i],
      patchId: patchIds.get(hash) ?? null,
      cherryPickedFrom: [...message.matchAll(CHERRY_PICK_TRAILER)].map((m) => m[1]),
      diff: diffs.get(hash) ?? null,
      inDeployed: inDeployed[i] === 1,
      inFork: inFork ? inFork[i] === 1 : false,
      upstream: upstream[i] === 1,
      branches: lines.filter((_, k) => onLine[k][i] === 1).map((line) => line.line),
      firstTags: Object.fromEntries(
        tagLines.flatMap((line, k) => (firstTagIndex[k][i] >= 0 ? [[line.line, line.tags[firstTagIndex[k][i]].name]] : [])),
      ),
      candidate: false,
      forkOwn: false,
    };
  };
  const commitFacts = [
    ...candidates.map((i) => ({ ...facts(i), candidate: true })),
    ...equivalents.map(facts),
    ...forkOwn.map((i) => ({ ...facts(i), forkOwn: true })),
  ];
  const { fixes, present } = buildFixes(commitFacts, {
    classify: (message, diff) => classifyFixKind(message, diff ?? undefined),
    deployedLine,
    mainLine: main?.name ?? null,
    forkGiven: forkCommit !== null,
  });
  lap("group", t);

  return {
    deployed: { ref: options.deployed, commit: deployedCommit, version, line: deployedLine },
    ...(forkCommit ? { fork: { ref: options.fork!, commit: forkCommit } } : {}),
    lines: lines.map((line) => ({ line: line.line, ref: line.tip.name, refKind: line.tip.kind, commit: line.tip.commit, tags: line.tags.length })),
    fixes,
    present,
    stats: {
      commitsScanned: n,
      candidates: candidates.length,
      forkCommits: forkOwn.length,
      patchIdComparisons: equivalents.length,
      elapsedMs: Math.round(performance.now() - started),
      timingsMs: timings,
    },
  };
}
