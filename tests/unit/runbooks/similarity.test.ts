import { beforeAll, describe, expect, it } from "vitest";
import { generateRunbook } from "@/lib/runbooks/generate";
import type { PastIncident } from "@/lib/runbooks/similarity";
import type { StepLibrary } from "@/lib/runbooks/step-schema";
import { realLibrary, workedExample } from "./support";

let library: StepLibrary;
beforeAll(async () => {
  library = await realLibrary();
});

const past = (slug: string, facts: PastIncident["facts"], extra: Partial<PastIncident> = {}): PastIncident => ({
  slug,
  title: `Incident ${slug}`,
  facts,
  tags: [],
  rootCause: `Root cause of ${slug}.\n\nSecond paragraph that is not shown.`,
  confirmedHypotheses: [],
  ...extra,
});

const history: PastIncident[] = [
  past("same-line-migration", { system: "redis", version: "3.2.12", cluster: true, events: ["slot-migration"], symptoms: ["step-growth"] }, { tags: ["memory-leak"] }),
  past("other-system", { system: "memcached", version: "1.6", events: ["slot-migration", "failover"], symptoms: ["step-growth"] }),
  past("no-root-cause", { system: "redis", version: "3.2.8", events: ["slot-migration", "failover"] }, { rootCause: "" }),
  past("hypothesis-only", { system: "redis", version: "3.2.1", events: ["failover"] }, { rootCause: "", confirmedHypotheses: [{ title: "Failover leaks the old replication buffer", reason: "Confirmed by “valgrind report”" }] }),
  past("weak-match", { system: "redis", allocator: "jemalloc" }),
  past("worked-example", workedExample().facts, { tags: workedExample().tags }),
];

describe("candidate hypotheses from past incidents", () => {
  const facts = { system: "redis", version: "3.2.8", allocator: "jemalloc", cluster: true, events: ["slot-migration", "failover"], symptoms: ["step-growth"] };

  it("ranks incidents with confirmed causes by shared facts and explains each match", () => {
    const { candidates } = generateRunbook(library, { facts, tags: ["memory-leak"], pastIncidents: history });
    expect(candidates.map((candidate) => candidate.incident.slug)).toEqual(["worked-example", "same-line-migration", "hypothesis-only"]);
    expect(candidates[1]).toEqual({
      incident: { slug: "same-line-migration", title: "Incident same-line-migration", url: "/incidents/same-line-migration" },
      rootCause: "Root cause of same-line-migration.",
      confirmedHypotheses: [],
      score: 8.5,
      matched: ["same system: redis", "same release line: 3.2", "both in cluster mode", "shared events: slot-migration", "shared symptoms: step-growth", "shared tags: memory-leak"],
    });
    expect(candidates[2].confirmedHypotheses).toEqual([{ title: "Failover leaks the old replication buffer", reason: "Confirmed by “valgrind report”" }]);
  });

  it("leaves out other systems, incidents without a confirmed cause, weak matches and the incident itself", () => {
    const { candidates } = generateRunbook(library, { facts, pastIncidents: history, incidentSlug: "worked-example" });
    const slugs = candidates.map((candidate) => candidate.incident.slug);
    expect(slugs).not.toContain("other-system");
    expect(slugs).not.toContain("no-root-cause");
    expect(slugs).not.toContain("weak-match");
    expect(slugs).not.toContain("worked-example");
  });

  it("does not depend on the order of the history", () => {
    const forward = generateRunbook(library, { facts, pastIncidents: history }).candidates;
    const backward = generateRunbook(library, { facts, pastIncidents: [...history].reverse() }).candidates;
    expect(backward).toEqual(forward);
  });
});
