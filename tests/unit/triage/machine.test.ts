import { describe, expect, it } from "vitest";
import { runbookFlowchart } from "@/lib/runbooks/flowchart";
import { generateRunbook } from "@/lib/runbooks/generate";
import { readStepLibrary, runbooksDir } from "@/lib/runbooks/load";
import { stepLibraryHash } from "@/lib/triage/library-hash";
import { nextInOrder, planOutcome, planSkip, walkState, type WalkRecord, type WalkStep } from "@/lib/triage/machine";
import path from "node:path";

// a → (yes: c | no: b) ; b → (done: d) ; c → (found: end | more: d) ; d → (end)
const STEPS: WalkStep[] = [
  { id: "a", title: "A", outcomes: [{ id: "yes", label: "yes", next: "c" }, { id: "no", label: "no", next: "b" }] },
  { id: "b", title: "B", outcomes: [{ id: "done", label: "done", next: "d" }] },
  { id: "c", title: "C", outcomes: [{ id: "found", label: "found", next: null }, { id: "more", label: "more", next: "d" }] },
  { id: "d", title: "D", outcomes: [{ id: "end", label: "end", next: null }] },
];

const outcome = (stepId: string, outcomeId: string, nextStepId: string | null): WalkRecord => ({ stepId, outcomeId, skipped: false, nextStepId });
const skip = (stepId: string, nextStepId: string | null): WalkRecord => ({ stepId, outcomeId: null, skipped: true, nextStepId });

describe("triage state machine", () => {
  it("starts at the first step and follows the chosen branch", () => {
    expect(walkState(STEPS, [])).toMatchObject({ currentStepId: "a", finished: false, done: [], taken: [] });
    const state = walkState(STEPS, [outcome("a", "yes", "c")]);
    expect(state).toMatchObject({ currentStepId: "c", done: ["a"], taken: [{ from: "a", outcomeId: "yes", to: "c" }] });
    expect(walkState(STEPS, [outcome("a", "no", "b")]).currentStepId).toBe("b");
  });

  it("plans an outcome only for the current step and one of its outcomes", () => {
    const state = walkState(STEPS, [outcome("a", "yes", "c")]);
    expect(planOutcome(STEPS, state, "c", "more").next).toBe("d");
    expect(planOutcome(STEPS, state, "c", "found").next).toBeNull();
    expect(() => planOutcome(STEPS, state, "zz", "x")).toThrow(/no step "zz"/);
    expect(() => planOutcome(STEPS, state, "b", "done")).toThrow(/"b" is not the current step; the current step is "c"/);
    expect(() => planOutcome(STEPS, state, "c", "yes")).toThrow(/has no outcome "yes"; choose one of "found", "more"/);
    try {
      planOutcome(STEPS, state, "b", "done");
    } catch (error) {
      expect((error as { status: number }).status).toBe(409);
    }
  });

  it("skips to the next step in runbook order and counts the skip separately", () => {
    const start = walkState(STEPS, []);
    expect(planSkip(STEPS, start, "a").next).toBe("b");
    const state = walkState(STEPS, [skip("a", "b"), outcome("b", "done", "d")]);
    expect(state).toMatchObject({ currentStepId: "d", done: ["b"], skipped: ["a"] });
    expect(planSkip(STEPS, state, "d").next).toBeNull();
    expect(nextInOrder(STEPS, "a", new Set(["b"]))).toBe("c");
  });

  it("finishes on an outcome that ends triage and refuses further steps", () => {
    const state = walkState(STEPS, [outcome("a", "yes", "c"), outcome("c", "found", null)]);
    expect(state).toMatchObject({ currentStepId: null, finished: true });
    expect(() => planSkip(STEPS, state, "d")).toThrow(/reached its end/);
  });

  it("undo is replaying one row fewer; resuming is replaying the stored rows", () => {
    const rows = [outcome("a", "no", "b"), outcome("b", "done", "d")];
    expect(walkState(STEPS, rows).currentStepId).toBe("d");
    expect(walkState(STEPS, rows.slice(0, -1)).currentStepId).toBe("b");
    expect(walkState(STEPS, JSON.parse(JSON.stringify(rows)) as WalkRecord[])).toEqual(walkState(STEPS, rows));
  });

  it("a changed step library: missing steps and outcomes become warnings, and the walk continues after the last known step", () => {
    const changed = STEPS.filter((step) => step.id !== "c").map((step) => (step.id === "a" ? { ...step, outcomes: [{ id: "no", label: "no", next: "b" }] } : step));
    const state = walkState(changed, [outcome("a", "yes", "c")]);
    expect(state.currentStepId).toBe("b");
    expect(state.warnings).toEqual([
      'recorded outcome "a/yes" no longer offered by the step',
      'step "c" (where the last outcome led) is no longer in the runbook; continuing with "b"',
    ]);
    const gone = walkState(changed, [outcome("c", "more", "d")]);
    expect(gone.currentStepId).toBe("d");
    expect(gone.warnings).toEqual(['recorded step "c" no longer in the runbook for these facts']);
  });
});

describe("step library fingerprint and the triage flowchart", async () => {
  const library = await readStepLibrary(path.join(runbooksDir(), "memory-leak"));
  const runbook = generateRunbook(library, { facts: { system: "redis", version: "3.2.8", cluster: true, events: ["slot-migration"] } });

  it("changes when a step's content changes, not when the library is read again", async () => {
    const again = await readStepLibrary(path.join(runbooksDir(), "memory-leak"));
    expect(stepLibraryHash(again)).toBe(stepLibraryHash(library));
    const edited = { ...library, steps: library.steps.map((step, index) => (index === 0 ? { ...step, goal: `${step.goal} (edited)` } : step)) };
    expect(stepLibraryHash(edited)).not.toBe(stepLibraryHash(library));
  });

  it("marks the current, done and skipped steps and draws the taken branches bold", () => {
    const source = runbookFlowchart(runbook, {
      currentStepId: "replication-backlog",
      done: ["confirm-leak-vs-data-growth"],
      skipped: ["client-output-buffers"],
      taken: [{ from: "confirm-leak-vs-data-growth", outcomeId: "unexplained-used-memory" }],
    });
    expect(source).toContain("  class s_confirm_leak_vs_data_growth triage_done");
    expect(source).toContain("  class s_client_output_buffers triage_skipped");
    expect(source).toContain("  class s_replication_backlog triage_current");
    const edges = source.split("\n").filter((line) => line.includes("-->") || line.includes("-.->"));
    const takenIndex = edges.findIndex((line) => line.startsWith("  s_confirm_leak_vs_data_growth") && line.includes("itself is far above"));
    expect(takenIndex).toBeGreaterThanOrEqual(0);
    expect(source).toContain(`  linkStyle ${takenIndex} stroke:#ea580c,stroke-width:3px`);
    // Without progress the plain runbook flowchart is unchanged.
    expect(runbookFlowchart(runbook)).not.toMatch(/classDef triage_|linkStyle/);
  });
});
