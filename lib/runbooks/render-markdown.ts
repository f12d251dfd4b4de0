/**
 * A generated runbook as Markdown a responder can read anywhere and run in Runme: every command is a
 * `sh` fence annotated `{"id":…,"name":…}` (Runme's cell attributes), and commands that pause the
 * process or still hold `<placeholders>` are excluded from "run all".
 */
import type { Runbook, RunbookCommand, RunbookStep, ToolAvailability } from "./generate";

export interface MarkdownOptions {
  /** Prefix for app links (/incidents/…, /lessons/…), e.g. "https://casebook.example.com". */
  linkBase?: string;
}

/** One line of text, safe in a table cell or a list item. */
function inline(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
}

/** A fence longer than any backtick run inside, so command text can never close it early. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

export function runmeCellName(step: RunbookStep, command: RunbookCommand): string {
  return `${step.id}-${command.id}`;
}

function commandBlock(step: RunbookStep, command: RunbookCommand): string[] {
  const name = runmeCellName(step, command);
  const attributes: Record<string, string> = { id: name, name };
  if (command.caution || command.missing.length) attributes.excludeFromRunAll = "true";
  const fence = fenceFor(command.run);
  const lines = [`**${inline(command.label)}**`, "", `${fence}sh ${JSON.stringify(attributes)}`, command.run.replace(/\n+$/, ""), fence];
  if (command.caution) lines.push("", `> ⚠ ${inline(command.caution)}`);
  for (const note of command.notes) lines.push("", `> ${inline(note)}`);
  return [...lines, ""];
}

const STATUS_LABELS: Record<ToolAvailability["status"], string> = { available: "available", unavailable: "unavailable", unknown: "unknown — check" };

export function toolMatrixMarkdown(tools: ToolAvailability[]): string[] {
  const rows = tools.map((tool) => `| ${inline(tool.name)} | ${STATUS_LABELS[tool.status]} | ${inline(tool.reason)}${tool.check ? ` — check: \`${inline(tool.check).replace(/`/g, "'")}\`` : ""} |`);
  return ["| tool | status | why |", "|---|---|---|", ...rows, ""];
}

function outcomeLine(outcome: RunbookStep["outcomes"][number], numberOf: Map<string, { index: number; title: string }>): string {
  const target = outcome.next ? numberOf.get(outcome.next) : undefined;
  const where = target ? `go to step ${target.index}, *${inline(target.title)}*` : "triage ends here";
  const redirect = outcome.redirect ? ` (${inline(outcome.redirect)})` : "";
  const hypothesis = outcome.hypothesis ? ` — records ${outcome.records}; hypothesis “${inline(outcome.hypothesis.title)}”${outcome.hypothesis.link ? ` ${outcome.hypothesis.link}` : " raised"}` : ` — records ${outcome.records}`;
  return `- **${inline(outcome.label)}** → ${where}${redirect}${hypothesis}`;
}

export function renderRunbookMarkdown(runbook: Runbook, options: MarkdownOptions = {}): string {
  const base = (options.linkBase ?? "").replace(/\/+$/, "");
  const numberOf = new Map(runbook.steps.map((step, index) => [step.id, { index: index + 1, title: step.title }]));
  const out: string[] = ["---", "shell: bash", "---", "", `# ${inline(runbook.runbook.title)}`, "", inline(runbook.runbook.summary), ""];

  const facts = Object.entries(runbook.facts);
  out.push("## Facts", "");
  if (facts.length) out.push("| fact | value |", "|---|---|", ...facts.map(([name, value]) => `| ${name} | ${inline(value)} |`), "");
  else out.push("_No facts recorded._", "");
  if (runbook.warnings.length) out.push(...runbook.warnings.map((warning) => `> ⚠ ${inline(warning)}`), "");

  if (runbook.candidates.length) {
    out.push("## Candidate hypotheses from past incidents", "");
    for (const candidate of runbook.candidates) {
      out.push(`- **[${inline(candidate.incident.title)}](${base}${candidate.incident.url})** — similarity ${candidate.score} (${inline(candidate.matched.join("; "))})`);
      if (candidate.rootCause) out.push(`  - Root cause: ${inline(candidate.rootCause)}`);
      for (const hypothesis of candidate.confirmedHypotheses) out.push(`  - Confirmed: ${inline(hypothesis.title)} — ${inline(hypothesis.reason)}`);
    }
    out.push("");
  }

  out.push("## Steps", "");
  runbook.steps.forEach((step, index) => {
    out.push(`### ${index + 1}. ${inline(step.title)}`, "", `_${step.phaseLabel}_ · \`${step.id}\``, "", `**Goal:** ${inline(step.goal)}`, "", `**Why:** ${inline(step.why)}`, "");
    for (const check of step.checkFirst) out.push(`> **Check first:** ${inline(check)}`, "");
    for (const command of step.commands) out.push(...commandBlock(step, command));
    for (const skipped of step.skippedCommands) out.push(`> Skipped “${inline(skipped.label)}”: ${inline(skipped.reason)}`, "");
    if (step.showToolMatrix) out.push(...toolMatrixMarkdown(runbook.tools));
    if (step.lookFor.length) out.push("**Look for**", "", ...step.lookFor.map((item) => `- ${inline(item)}`), "");
    out.push(step.body, "");
    out.push("**Outcomes**", "", ...step.outcomes.map((outcome) => outcomeLine(outcome, numberOf)), "");
    if (step.cautions.length) out.push("**Cautions**", "", ...step.cautions.map((caution) => `- ⚠ ${inline(caution)}`), "");
    if (step.lessons.length) out.push(`**Lessons:** ${step.lessons.map((lesson) => `[${lesson.slug}](${base}${lesson.url})`).join(", ")}`, "");
  });

  if (runbook.excluded.length) {
    out.push("## Left out for these facts", "", "| step | why |", "|---|---|", ...runbook.excluded.map((step) => `| ${inline(step.title)} (\`${step.id}\`) | ${inline(step.reason)} |`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
