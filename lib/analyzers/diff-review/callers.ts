/**
 * Caller-side checks: given a call site and the way ownership now crosses it, decide whether the
 * caller releases the value (or hands it further up), and turn summary differences into findings.
 */
import type { CCall } from "./c-functions";
import {
  channelKey,
  describeLvalue,
  elementAliases,
  releaseKey,
  releasesTarget,
  stripCasts,
  valueUseAt,
  type BodyView,
  type EscapeChannel,
  type OwnershipConfig,
  type OwnershipSummary,
  type ParamRelease,
  type ParamVia,
} from "./ownership";
import type { CallerCheck, Disposal, Finding } from "./types";

export interface CallerSite {
  function: string;
  file: string;
  body: BodyView;
  call: CCall;
  updated: boolean;
}

function releaseCallsAfter(body: BodyView, after: number, config: OwnershipConfig): CCall[] {
  return (body.calls ?? []).filter((call) => call.offset > after && config.releasers.has(call.name) && call.args.length > 0);
}

/** Whether `name` is one of the caller's parameters (then what it receives goes further up). */
function isPointerParam(body: BodyView, name: string): boolean {
  return body.params.some((param) => param.name === name);
}

/** The caller-side expression and access that corresponds to the callee's out-parameter channel. */
function callerTarget(argument: string, via: ParamVia): Array<{ root: string; via: ParamVia }> {
  const expression = stripCasts(argument);
  const addressOf = expression.startsWith("&");
  const root = addressOf ? expression.slice(1).trim() : expression;
  if (via === "deref") return addressOf ? [{ root, via: "whole" }] : [{ root, via: "deref" }];
  if (via === "element") return addressOf ? [{ root, via: "whole" }, { root, via: "element" }] : [{ root, via: "element" }];
  return [{ root, via }];
}

/** What the caller does with a value the callee now hands over through `channel`. */
export function disposalOfEscape(site: CallerSite, channel: EscapeChannel, config: OwnershipConfig): Disposal {
  const { body, call } = site;
  const releases = releaseCallsAfter(body, call.close, config);
  if (channel.kind === "return") {
    const use = valueUseAt(body.text, call.offset, body.from, body.calls ?? []);
    if (use.kind === "return") return "passes-on";
    if (use.kind === "argument") return config.releasers.has(use.of) ? "releases" : "none";
    if (use.kind !== "assign") return "none";
    const lvalue = use.lvalue;
    if (lvalue.via !== "whole") return isPointerParam(body, lvalue.root) ? "passes-on" : "none";
    if (releases.some((release) => releasesTarget(release.args[0], lvalue.root, "whole"))) return "releases";
    const rest = body.text.slice(call.close, body.to);
    const name = lvalue.root;
    if (new RegExp(`\\breturn\\s*(?:\\([^()]*\\)\\s*)*${name}\\s*;`).test(rest)) return "passes-on";
    const store = new RegExp(`([A-Za-z_][\\w\\[\\]+\\-.>*]*)\\s*=\\s*(?:\\([^()]*\\)\\s*)*${name}\\s*;`, "g");
    for (let match = store.exec(rest); match; match = store.exec(rest)) {
      const target = describeLvalue(match[1]);
      if (target && target.via !== "whole" && isPointerParam(body, target.root)) return "passes-on";
    }
    return "none";
  }
  const argument = call.args[channel.index];
  if (argument === undefined) return "none";
  const targets = callerTarget(argument, channel.via);
  for (const target of targets) {
    const aliases = elementAliases(body.text, call.close, body.to, target.root);
    if (releases.some((release) => releasesTarget(release.args[0], target.root, target.via, channel.field, aliases))) return "releases";
  }
  const root = stripCasts(argument).replace(/^&\s*/, "");
  return isPointerParam(body, root) ? "passes-on" : "none";
}

/** Whether the caller still releases what the callee now releases itself (a double free). */
export function stillReleases(site: CallerSite, release: ParamRelease, config: OwnershipConfig): boolean {
  const argument = site.call.args[release.index];
  if (argument === undefined) return false;
  const root = stripCasts(argument).replace(/^&\s*/, "");
  const aliases = elementAliases(site.body.text, site.call.close, site.body.to, root);
  return releaseCallsAfter(site.body, site.call.close, config).some((call) =>
    releasesTarget(call.args[0], root, release.via, undefined, aliases),
  );
}

export function describeChannel(channel: EscapeChannel): string {
  if (channel.kind === "return") return "return value";
  if (channel.via === "element") return `${channel.name}[] elements`;
  if (channel.via === "deref") return `*${channel.name}`;
  return `${channel.name}->${channel.field}`;
}

function describeRelease(release: ParamRelease): string {
  if (release.via === "element") return `${release.name}[] elements`;
  if (release.via === "field") return `fields of ${release.name}`;
  return release.name;
}

export interface ChangedFunctionSummaries {
  name: string;
  file: string;
  line: number;
  base: OwnershipSummary;
  head: OwnershipSummary;
}

/**
 * Findings for one changed function. `callerSites` is null when callers could not be examined
 * (diff-only review); then every ownership change is reported with that caveat.
 */
export function findingsForFunction(
  fn: ChangedFunctionSummaries,
  callerSites: CallerSite[] | null,
  config: OwnershipConfig,
): Finding[] {
  const findings: Finding[] = [];
  const location = `${fn.file}:${fn.line}`;
  const baseChannels = new Set(fn.base.escapes.map((site) => channelKey(site.channel!)));
  const newEscapes = new Map<string, typeof fn.head.escapes>();
  for (const site of fn.head.escapes) {
    const key = channelKey(site.channel!);
    if (baseChannels.has(key)) continue;
    newEscapes.set(key, [...(newEscapes.get(key) ?? []), site]);
  }
  for (const sites of newEscapes.values()) {
    const channel = sites[0].channel!;
    const what = describeChannel(channel);
    const allocations = sites.map((site) => ({ call: site.call, line: site.line }));
    const allocationText = allocations.map((a) => `${a.call} at ${fn.file}:${a.line}`).join(", ");
    const owned = channel.kind === "return" ? "now returns an owned result" : `now hands owned objects out through ${what}`;
    if (callerSites === null) {
      findings.push({
        kind: "ownership-change",
        function: fn.name,
        file: fn.file,
        line: fn.line,
        channel: what,
        allocations,
        callers: [],
        message: `${fn.name} (${location}) ${owned} (${allocationText}); callers could not be checked without a repository${channel.kind === "param" && channel.assumed ? ` (${channel.name} assumed to be a parameter: the parameter list is not in the diff)` : ""}`,
      });
      continue;
    }
    const callers: CallerCheck[] = callerSites.map((site) => {
      const disposal = disposalOfEscape(site, channel, config);
      return { function: site.function, file: site.file, line: site.call.line, updated: site.updated, releases: disposal === "releases", disposal };
    });
    const unreleased = callers.filter((caller) => !caller.releases);
    if (unreleased.length === 0) continue;
    const describeCaller = (caller: CallerCheck) =>
      `caller ${caller.function} (${caller.file}:${caller.line}) ${caller.updated ? "was updated but does not release them" : "was not updated"}${caller.disposal === "passes-on" ? " (it passes them on to its own caller)" : ""}`;
    findings.push({
      kind: "ownership-change",
      function: fn.name,
      file: fn.file,
      line: fn.line,
      channel: what,
      allocations,
      callers,
      message: `${fn.name} ${owned} (${allocationText}); ${unreleased.map(describeCaller).join("; ")}`,
    });
  }

  const baseReleases = new Set(fn.base.paramReleases.map(releaseKey));
  const seen = new Set<string>();
  for (const release of fn.head.paramReleases) {
    const key = releaseKey(release);
    if (baseReleases.has(key) || seen.has(key)) continue;
    seen.add(key);
    const releasesOfKey = fn.head.paramReleases.filter((other) => releaseKey(other) === key);
    const what = describeRelease(release);
    const allocations = releasesOfKey.map((r) => ({ call: r.call, line: r.line }));
    const releaseText = allocations.map((a) => `${a.call} at ${fn.file}:${a.line}`).join(", ");
    if (callerSites === null) {
      findings.push({
        kind: "double-free-risk",
        function: fn.name,
        file: fn.file,
        line: fn.line,
        channel: what,
        allocations,
        callers: [],
        message: `${fn.name} (${location}) now releases ${what} (${releaseText}); callers that still release them would free twice — callers could not be checked without a repository`,
      });
      continue;
    }
    const callers: CallerCheck[] = callerSites.map((site) => {
      const releases = stillReleases(site, release, config);
      return { function: site.function, file: site.file, line: site.call.line, updated: site.updated, releases, disposal: releases ? "releases" : "none" };
    });
    const doubled = callers.filter((caller) => caller.releases);
    if (doubled.length === 0) continue;
    findings.push({
      kind: "double-free-risk",
      function: fn.name,
      file: fn.file,
      line: fn.line,
      channel: what,
      allocations,
      callers,
      message: `${fn.name} now releases ${what} (${releaseText}); ${doubled
        .map((caller) => `caller ${caller.function} (${caller.file}:${caller.line}) still releases them${caller.updated ? " although it was updated" : ""}`)
        .join("; ")}`,
    });
  }
  return findings;
}
