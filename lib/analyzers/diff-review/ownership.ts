/**
 * Ownership summaries of C functions: which allocations leave a function unreleased (through the
 * return value, an out-parameter element, `*out` or a field reached through a parameter) and which
 * parameters a function releases. Comparing the summaries of a function before and after a change
 * reveals a borrowed → owned flip (callers must now release) or the reverse (callers must stop).
 */
import { findCalls, type CCall, type CParam } from "./c-functions";

export const STANDARD_ALLOCATORS = ["malloc", "calloc", "realloc", "strdup", "strndup"];
/**
 * Project allocators (Redis naming). `sdscatlen` and friends are left out on purpose: they grow and
 * return their first argument, so their result is not a new ownership.
 */
export const DEFAULT_ALLOCATORS = [
  "zmalloc", "zcalloc", "zrealloc", "zstrdup", "sdsnew", "sdsnewlen", "sdsempty", "sdsdup",
  "createObject", "createStringObject", "createRawStringObject", "createEmbeddedStringObject", "dupStringObject",
];
export const DEFAULT_RELEASERS = ["free", "zfree", "sdsfree", "decrRefCount", "decrRefCountVoid", "freeStringObject"];
const REALLOCATORS = new Set(["realloc", "zrealloc"]);

export interface OwnershipConfig {
  allocators: Set<string>;
  releasers: Set<string>;
}

export function ownershipConfig(extraAllocators: string[] = [], extraReleasers: string[] = []): OwnershipConfig {
  return {
    allocators: new Set([...STANDARD_ALLOCATORS, ...DEFAULT_ALLOCATORS, ...extraAllocators]),
    releasers: new Set([...DEFAULT_RELEASERS, ...extraReleasers]),
  };
}

/** How a value reaches the caller, or how a parameter is released. */
export type ParamVia = "element" | "deref" | "field" | "whole";

export type EscapeChannel =
  | { kind: "return" }
  | { kind: "param"; index: number; name: string; via: Exclude<ParamVia, "whole">; field?: string; assumed?: boolean };

export interface AllocationSite {
  call: string;
  line: number;
  /** The expression the result was stored in, e.g. `keys[j++]`, or null for `return alloc(...)`. */
  target: string | null;
  channel: EscapeChannel | null;
  released: boolean;
}

export interface ParamRelease {
  index: number;
  name: string;
  via: ParamVia;
  call: string;
  line: number;
}

export interface OwnershipSummary {
  allocations: AllocationSite[];
  /** Allocations that leave the function unreleased. */
  escapes: AllocationSite[];
  paramReleases: ParamRelease[];
}

/** A function body (or the visible fragment of one) inside cleaned C text. */
export interface BodyView {
  text: string;
  from: number;
  to: number;
  lineAt: (offset: number) => number;
  params: CParam[];
  /** False when the parameter list is unknown or truncated (diff-only review). */
  paramsKnown: boolean;
  /** Precomputed calls in [from, to); computed when absent. */
  calls?: CCall[];
}

export function channelKey(channel: EscapeChannel): string {
  if (channel.kind === "return") return "return";
  return `param:${channel.index >= 0 ? channel.index : channel.name}:${channel.via}${channel.via === "field" ? `:${channel.field}` : ""}`;
}

export function releaseKey(release: Pick<ParamRelease, "index" | "name" | "via">): string {
  return `param:${release.index >= 0 ? release.index : release.name}:${release.via}`;
}

const CAST = /^\(\s*(?:const\s+|struct\s+|unsigned\s+|signed\s+)*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*[\s*]*\)\s*/;

/** `(robj*) &x ` → `&x`; repeated casts are all removed. */
export function stripCasts(expression: string): string {
  let current = expression.trim();
  for (let match = CAST.exec(current); match && match[0].length < current.length; match = CAST.exec(current)) {
    current = current.slice(match[0].length).trim();
  }
  return current.replace(/^\(\s*(.*)\s*\)$/s, "$1").trim();
}

interface Lvalue {
  root: string;
  via: ParamVia;
  field?: string;
  /** Name declared by this statement (`robj *o = ...`). */
  declared?: string;
  text: string;
}

/** Splits an lvalue expression such as `keys[j++]`, `*out`, `o->ptr` or `robj *o` into root and access. */
export function describeLvalue(raw: string): Lvalue | null {
  const text = raw.replace(/\s+/g, " ").trim().replace(/^(?:else|do)\s+/, "");
  const declaration = /^(?:(?:const|struct|unsigned|signed|static|register|volatile)\s+)*[A-Za-z_]\w*[\s*]+([A-Za-z_]\w*)$/.exec(text);
  if (declaration && !/^(return|case)\b/.test(text)) return { root: declaration[1], via: "whole", declared: declaration[1], text: declaration[1] };
  const deref = /^\*\s*\(?\s*([A-Za-z_]\w*)\s*\)?$/.exec(text);
  if (deref) return { root: deref[1], via: "deref", text };
  const indexed = /^([A-Za-z_]\w*)\s*\[/.exec(text);
  if (indexed) return { root: indexed[1], via: "element", text };
  const field = /^([A-Za-z_]\w*)\s*->\s*([A-Za-z_]\w*)/.exec(text);
  if (field) return { root: field[1], via: "field", field: field[2], text };
  const plain = /^([A-Za-z_]\w*)$/.exec(text);
  if (plain) return { root: plain[1], via: "whole", text };
  return null;
}

export type ValueUse =
  | { kind: "return" }
  | { kind: "assign"; lvalue: Lvalue }
  | { kind: "argument"; of: string }
  | { kind: "discarded" }
  | { kind: "other" };

/** How the value of the call starting at `offset` is used: returned, assigned, passed on or dropped. */
export function valueUseAt(text: string, offset: number, from: number, enclosing: CCall[]): ValueUse {
  let p = offset - 1;
  const skipSpace = () => {
    while (p >= from && /\s/.test(text[p])) p--;
  };
  skipSpace();
  // Casts between the operator and the call: `= (robj*) createObject(...)`.
  while (p >= from && text[p] === ")") {
    let depth = 0;
    let q = p;
    for (; q >= from; q--) {
      if (text[q] === ")") depth++;
      else if (text[q] === "(" && --depth === 0) break;
    }
    if (q < from || !CAST.test(`${text.slice(q, p + 1)} `)) break;
    p = q - 1;
    skipSpace();
  }
  if (p >= from + 5 && /\breturn$/.test(text.slice(Math.max(from, p - 6), p + 1))) return { kind: "return" };
  if (text[p] === "=" && !"=!<>+-*/%&|^".includes(text[p - 1] ?? "")) {
    let q = p - 1;
    let bracket = 0;
    for (; q >= from; q--) {
      const ch = text[q];
      if (ch === "]") bracket++;
      else if (ch === "[") bracket--;
      else if (bracket === 0 && !/[\w\s*.>-]/.test(ch)) break;
      if (ch === ">" && text[q - 1] !== "-" && bracket === 0) break;
    }
    const lvalue = describeLvalue(text.slice(q + 1, p));
    return lvalue ? { kind: "assign", lvalue } : { kind: "other" };
  }
  const parent = enclosing
    .filter((call) => call.open < offset && call.close > offset)
    .sort((a, b) => b.open - a.open)[0];
  if (parent) return { kind: "argument", of: parent.name };
  if (p < from || text[p] === ";" || text[p] === "{" || text[p] === "}" || text[p] === ")") return { kind: "discarded" };
  if (/\b(?:else|do)$/.test(text.slice(Math.max(from, p - 4), p + 1))) return { kind: "discarded" };
  return { kind: "other" };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a local name is declared in the visible text (so it is not a parameter). */
function declaredLocally(body: BodyView, name: string): boolean {
  const pattern = new RegExp(`\\b[A-Za-z_]\\w*[\\s\\*]+${escapeRegExp(name)}\\s*(=|;|\\[|,)`);
  return pattern.test(body.text.slice(body.from, body.to));
}

function paramChannel(body: BodyView, lvalue: Lvalue): EscapeChannel | null {
  if (lvalue.via === "whole" || lvalue.declared) return null;
  const index = body.params.findIndex((param) => param.name === lvalue.root);
  if (index >= 0) {
    // Indexing, dereferencing or -> through it proves it is a pointer even behind a typedef (sds).
    return { kind: "param", index, name: lvalue.root, via: lvalue.via, ...(lvalue.field ? { field: lvalue.field } : {}) };
  }
  // Without the full parameter list, an undeclared root written through is most likely a parameter.
  if (!body.paramsKnown && !declaredLocally(body, lvalue.root)) {
    return { kind: "param", index: -1, name: lvalue.root, via: lvalue.via, assumed: true, ...(lvalue.field ? { field: lvalue.field } : {}) };
  }
  return null;
}

/** Whether `argument` (first argument of a releaser) releases what `lvalue` designates. */
export function releasesTarget(argument: string, root: string, via: ParamVia, field?: string, aliases: Set<string> = new Set()): boolean {
  const expression = stripCasts(argument);
  const name = escapeRegExp(root);
  switch (via) {
    case "whole":
      return new RegExp(`^${name}$`).test(expression);
    case "element":
      return new RegExp(`^${name}\\s*\\[`).test(expression) || new RegExp(`^\\*\\s*${name}$`).test(expression) || aliases.has(expression);
    case "deref":
      return new RegExp(`^\\*\\s*${name}$`).test(expression) || new RegExp(`^${name}\\s*\\[\\s*0\\s*\\]$`).test(expression) || aliases.has(expression);
    case "field":
      return new RegExp(`^${name}\\s*(->|\\.)\\s*${escapeRegExp(field ?? "")}\\b`).test(expression);
  }
}

/** Local names that hold elements of `root` (`robj *key = keys[j];`), so releasing them releases an element. */
export function elementAliases(text: string, from: number, to: number, root: string): Set<string> {
  const aliases = new Set<string>();
  const pattern = new RegExp(`\\b([A-Za-z_]\\w*)\\s*=\\s*(?:\\([^()]*\\)\\s*)*(?:${escapeRegExp(root)}\\s*\\[[^\\]]*\\]|\\*\\s*${escapeRegExp(root)}\\b)`, "g");
  const slice = text.slice(from, to);
  for (let match = pattern.exec(slice); match; match = pattern.exec(slice)) aliases.add(match[1]);
  return aliases;
}

export function summarizeOwnership(body: BodyView, config: OwnershipConfig): OwnershipSummary {
  const calls = body.calls ?? findCalls(body.text, body.from, body.to, body.lineAt);
  const releaserCalls = calls.filter((call) => config.releasers.has(call.name) && call.args.length > 0);
  const allocations: AllocationSite[] = [];

  for (const call of calls) {
    if (!config.allocators.has(call.name)) continue;
    const use = valueUseAt(body.text, call.offset, body.from, calls);
    const line = body.lineAt(call.offset);
    const site: AllocationSite = { call: call.name, line, target: null, channel: null, released: false };
    if (use.kind === "return") {
      site.channel = { kind: "return" };
    } else if (use.kind === "assign") {
      const lvalue = use.lvalue;
      site.target = lvalue.text;
      if (REALLOCATORS.has(call.name) && call.args[0] && stripCasts(call.args[0]) === lvalue.text) continue; // same object, resized
      const channel = paramChannel(body, lvalue);
      const later = releaserCalls.filter((release) => release.offset > call.close);
      if (channel && channel.kind === "param") {
        site.channel = channel;
        const aliases = elementAliases(body.text, call.close, body.to, lvalue.root);
        site.released = later.some((release) => releasesTarget(release.args[0], lvalue.root, lvalue.via, lvalue.field, aliases));
      } else if (lvalue.via === "whole") {
        const local = lvalue.root;
        site.released = later.some((release) => releasesTarget(release.args[0], local, "whole"));
        site.channel = site.released ? null : channelOfLocal(body, local, call.close);
      }
    } else if (use.kind === "argument" && config.releasers.has(use.of)) {
      site.released = true;
    }
    allocations.push(site);
  }

  const paramReleases: ParamRelease[] = [];
  const allocatedInto = new Set(
    allocations.filter((site) => site.channel?.kind === "param").map((site) => (site.channel as { name: string }).name),
  );
  for (const release of releaserCalls) {
    const expression = stripCasts(release.args[0]);
    body.params.forEach((param, index) => {
      if (allocatedInto.has(param.name)) return;
      const aliases = elementAliases(body.text, body.from, release.offset, param.name);
      for (const via of ["whole", "element", "deref"] as const) {
        if (releasesTarget(expression, param.name, via, undefined, aliases)) {
          paramReleases.push({ index, name: param.name, via: via === "deref" ? "element" : via, call: release.name, line: body.lineAt(release.offset) });
          return;
        }
      }
      const field = new RegExp(`^${escapeRegExp(param.name)}\\s*->\\s*([A-Za-z_]\\w*)`).exec(expression);
      if (field) paramReleases.push({ index, name: param.name, via: "field", call: release.name, line: body.lineAt(release.offset) });
    });
  }

  return { allocations, escapes: allocations.filter((site) => site.channel && !site.released), paramReleases };
}

/** Where a local holding a fresh allocation ends up: returned, stored through a parameter, or kept local. */
function channelOfLocal(body: BodyView, local: string, after: number): EscapeChannel | null {
  const rest = body.text.slice(after, body.to);
  const name = escapeRegExp(local);
  if (new RegExp(`\\breturn\\s*(?:\\([^()]*\\)\\s*)*${name}\\s*;`).test(rest)) return { kind: "return" };
  const store = new RegExp(`([A-Za-z_][\\w\\s\\[\\]+\\-.>*]*?)\\s*=\\s*(?:\\([^()]*\\)\\s*)*${name}\\s*;`, "g");
  for (let match = store.exec(rest); match; match = store.exec(rest)) {
    const lvalue = describeLvalue(match[1].replace(/^.*[;{}(,]\s*/s, ""));
    if (!lvalue) continue;
    const channel = paramChannel(body, lvalue);
    if (channel) return channel;
  }
  return null;
}
