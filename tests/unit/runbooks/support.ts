/** Shared fixtures: the real step library and the worked example's facts, read from content/. */
import fs from "node:fs";
import path from "node:path";
import { parseIncidentFile } from "@/lib/content/parse";
import type { PortableIncident } from "@/lib/content/portable";
import { readStepLibrary } from "@/lib/runbooks/load";
import type { StepLibrary } from "@/lib/runbooks/step-schema";

export const ROOT = path.resolve(__dirname, "../../..");
export const LIBRARY_DIR = path.join(ROOT, "content/runbooks/memory-leak");

let library: Promise<StepLibrary> | undefined;
export function realLibrary(): Promise<StepLibrary> {
  library ??= readStepLibrary(LIBRARY_DIR);
  return library;
}

export function workedExample(): PortableIncident {
  const file = path.join(ROOT, "content/incidents/redis-slot-migration-leak.md");
  return parseIncidentFile(fs.readFileSync(file, "utf8"), file);
}
