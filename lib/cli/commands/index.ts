import type { CliCommand } from "../command";
import { backportsCommand } from "./backports";
import { checklistCommands } from "./checklist";
import { diffReviewCommand } from "./diff-review";
import { dumpAnalyzeCommand } from "./dump";
import { contentCommands } from "./content";
import { incidentCommands } from "./incident";
import { dbCommands } from "./db";
import { runbookCommands } from "./runbook";
import { searchCommands } from "./search";
import { auditCommands } from "./audit";
import { tokenCommands } from "./token";
import { triageCommands } from "./triage";
import { userCommands } from "./user";

/** Every CLI command; each area adds its commands here. */
export const commands: CliCommand[] = [
  backportsCommand,
  diffReviewCommand,
  dumpAnalyzeCommand,
  ...incidentCommands,
  ...contentCommands,
  ...dbCommands,
  ...runbookCommands,
  ...searchCommands,
  ...checklistCommands,
  ...triageCommands,
  ...userCommands,
  ...tokenCommands,
  ...auditCommands,
];
