/**
 * The commit graph above the deployed line's base, loaded with ONE streamed `git log` over every
 * tip, tag, the deployed commit and the fork. Ancestry questions ("is this fix in 3.2.8?", "which
 * 4.0 tag first contains it?") are then answered in memory instead of by one git process each.
 */
import { streamGitRecords } from "../git";

export interface CommitGraph {
  hashes: string[];
  index: Map<string, number>;
  /** Parents inside the loaded range. */
  parents: number[][];
  /** Parents in the repository (merges have 2+), including those below the range. */
  parentCount: number[];
  subjects: string[];
  bodies: string[];
  authorTimes: number[];
}

const RECORD = "\x1e";
const FIELD = "\x1f";

/** Loads commits reachable from `include` but not from `exclude` (all full hashes). */
export async function loadGraph(repo: string, include: string[], exclude: string[]): Promise<CommitGraph> {
  const graph: CommitGraph = { hashes: [], index: new Map(), parents: [], parentCount: [], subjects: [], bodies: [], authorTimes: [] };
  const rawParents: string[][] = [];
  const input = [...new Set(include)].join("\n") + "\n" + [...new Set(exclude)].map((hash) => `^${hash}`).join("\n") + "\n";
  await streamGitRecords(
    repo,
    ["log", "--stdin", `--format=%H${FIELD}%P${FIELD}%at${FIELD}%s${FIELD}%b${RECORD}`],
    RECORD,
    (record) => {
      const text = record.replace(/^\n+/, "");
      if (!text) return;
      const [hash, parents, time, subject, body] = text.split(FIELD);
      graph.index.set(hash, graph.hashes.length);
      graph.hashes.push(hash);
      const list = parents ? parents.split(" ") : [];
      rawParents.push(list);
      graph.parentCount.push(list.length);
      graph.authorTimes.push(Number(time));
      graph.subjects.push(subject ?? "");
      graph.bodies.push((body ?? "").trimEnd());
    },
    { input },
  );
  graph.parents = rawParents.map((list) => list.map((hash) => graph.index.get(hash)).filter((i): i is number => i !== undefined));
  return graph;
}

/** Commits reachable from `start` within the loaded range (1 = reachable). */
export function reachableFrom(graph: CommitGraph, start: string | null | undefined): Uint8Array {
  const seen = new Uint8Array(graph.hashes.length);
  const first = start ? graph.index.get(start) : undefined;
  if (first === undefined) return seen;
  const stack = [first];
  seen[first] = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const parent of graph.parents[node]) {
      if (!seen[parent]) {
        seen[parent] = 1;
        stack.push(parent);
      }
    }
  }
  return seen;
}

/**
 * For tags given in ascending version order, the index of the first tag containing each commit
 * (-1: none). A commit marked by an earlier tag has all its ancestors marked too, so each walk stops
 * at marked commits and the total work is linear in the graph size.
 */
export function firstContainingTag(graph: CommitGraph, tagCommits: string[]): Int32Array {
  const first = new Int32Array(graph.hashes.length).fill(-1);
  tagCommits.forEach((commit, tagIndex) => {
    const start = graph.index.get(commit);
    if (start === undefined || first[start] !== -1) return;
    const stack = [start];
    first[start] = tagIndex;
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const parent of graph.parents[node]) {
        if (first[parent] === -1) {
          first[parent] = tagIndex;
          stack.push(parent);
        }
      }
    }
  });
  return first;
}
