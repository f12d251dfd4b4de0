/**
 * A fingerprint of a step library's content. A triage session stores the one it started with; a
 * different fingerprint on resume means steps, outcomes or tool rules changed since, so the page says
 * so instead of silently walking a different runbook.
 */
import { createHash } from "node:crypto";
import type { StepLibrary } from "../runbooks/step-schema";

const hashes = new WeakMap<StepLibrary, string>();

export function stepLibraryHash(library: StepLibrary): string {
  let hash = hashes.get(library);
  if (!hash) {
    // `file` is where the content lives on this machine, not what it says: left out.
    const content = { name: library.name, title: library.title, summary: library.summary, tools: library.tools, steps: library.steps.map(({ file: _file, ...step }) => step) };
    hash = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 16);
    hashes.set(library, hash);
  }
  return hash;
}
