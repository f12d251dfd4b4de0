import path from "node:path";
import { incidentVisibilityWhere } from "../../auth/visibility";
import { libraryItems, loadLibrary } from "../../checklists/library";
import { listChecklists } from "../../checklists/named";
import { candidateItems, exportChecklist, resolveBaseUrl, selectionOf } from "../../checklists/service";
import { checklistForDiff, renderChecklistForDiffMarkdown, type DiffSource } from "../../checklists/for-diff";
import { getDb } from "../../db/client";
import { InvalidInputError } from "../../errors";
import { parseCliArgs } from "../args";
import { cliViewer, TOKEN_CLI_OPTION, TOKEN_USAGE } from "../auth";
import type { CliCommand } from "../command";
import { textTable } from "../format";
import { readTextInput } from "./backports";

const SELECTION_OPTIONS = {
  tags: { type: "string", multiple: true },
  areas: { type: "string", multiple: true },
  languages: { type: "string", multiple: true },
  checklist: { type: "string" },
  "base-url": { type: "string" },
  ...TOKEN_CLI_OPTION,
} as const;

const SELECTION_HELP = `  --tags a,b          items whose lesson has any of these tags (areas and languages count as tags)
  --areas a,b         items whose lesson is in any of these areas (memory, concurrency, backport, …)
  --languages c,go    items for these languages, plus items that apply to every language
  --checklist NAME    a checklist saved in the builder (/checklists); filters narrow it further
  --base-url URL      where the links point (default: $CASEBOOK_PUBLIC_URL, else site-relative /lessons/… links)
${TOKEN_USAGE}`;

const exportCommand: CliCommand = {
  path: ["checklist", "export"],
  summary: "Print review checklist items as a GitHub/GitLab template, Markdown, JSON or CSV",
  usage: `Usage: casebook checklist export --format github|gitlab|md|json|csv [--tags …] [--checklist NAME] [options]

  --format F          github: .github/pull_request_template.md; gitlab: .gitlab/merge_request_templates/NAME.md;
                      md: plain Markdown; json: casebook-checklist/v1; csv: one row per item (UTF-8 with BOM)
${SELECTION_HELP}

Writes to standard output. Unknown tags or checklist names: exit 2 with the valid ones.`,
  async run(args, io) {
    const { values } = parseCliArgs(args, { format: { type: "string" }, ...SELECTION_OPTIONS }, false);
    const baseUrl = resolveBaseUrl(values["base-url"], io.env);
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, "read", "checklist export");
    const { format, tags, areas, languages, checklist } = values;
    const rendered = await exportChecklist(db, { format, tags, areas, languages, checklist }, baseUrl, incidentVisibilityWhere(viewer));
    io.stdout.write(rendered.body);
    return 0;
  },
};

const forDiffCommand: CliCommand = {
  path: ["checklist", "for-diff"],
  summary: "Checklist for a change: ownership findings first, then the items the diff calls for (Markdown for a PR comment)",
  usage: `Usage:
  casebook checklist for-diff --diff FILE|- [options]
  casebook checklist for-diff --repo DIR --base REF --head REF [options]

  --diff FILE|-       unified diff (git diff, git show, diff -u); "-" reads standard input
  --repo DIR          repository; with --base/--head, callers outside the diff are checked too
${SELECTION_HELP}
  --json              print JSON instead of Markdown
  --fail-on-findings  exit 1 when the ownership checker reports findings (for CI gates)

Items apply when one changed file matches all of their rules (languages, path globs, code patterns on
added or removed lines); items without rules apply to every change. Exit 0, or 2 on bad input.`,
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      {
        diff: { type: "string" },
        repo: { type: "string" },
        base: { type: "string" },
        head: { type: "string" },
        json: { type: "boolean" },
        "fail-on-findings": { type: "boolean" },
        ...SELECTION_OPTIONS,
      },
      false,
    );
    const baseUrl = resolveBaseUrl(values["base-url"], io.env);
    let source: DiffSource;
    if (values.diff !== undefined) {
      if (values.repo || values.base || values.head) throw new InvalidInputError("--diff cannot be combined with --repo/--base/--head");
      source = { diffText: await readTextInput(values.diff, io, "diff") };
    } else {
      if (!values.repo || !values.base || !values.head) throw new InvalidInputError("pass --diff FILE|- or all of --repo, --base and --head");
      source = { repo: path.resolve(io.cwd, values.repo), base: values.base, head: values.head };
    }
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, "read", "checklist for-diff");
    const candidates = await candidateItems(db, selectionOf(values), incidentVisibilityWhere(viewer));
    const result = await checklistForDiff(source, candidates);
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderChecklistForDiffMarkdown(result, { baseUrl }));
    return values["fail-on-findings"] && result.ownership.findings.length > 0 ? 1 : 0;
  },
};

const listCommand: CliCommand = {
  path: ["checklist", "list"],
  summary: "List saved checklists, or with --items every checklist item of the library",
  usage: `Usage: casebook checklist list [--items] [--json] [--token T]

${TOKEN_USAGE}`,
  async run(args, io) {
    const { values } = parseCliArgs(args, { items: { type: "boolean" }, json: { type: "boolean" }, ...TOKEN_CLI_OPTION }, false);
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, "read", "checklist list");
    if (values.items) {
      const items = libraryItems(await loadLibrary(db, incidentVisibilityWhere(viewer)));
      if (values.json) io.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
      else io.stdout.write(textTable(["id", "severity", "lesson", "question"], items.map((item) => [item.code, item.severity, item.lesson.slug, item.question])));
      return 0;
    }
    const checklists = await listChecklists(db);
    if (values.json) io.stdout.write(`${JSON.stringify(checklists, null, 2)}\n`);
    else if (checklists.length === 0) io.stdout.write("No saved checklists yet; build one at /checklists.\n");
    else io.stdout.write(textTable(["name", "items", "title"], checklists.map((checklist) => [checklist.name, String(checklist.itemCount), checklist.title])));
    return 0;
  },
};

export const checklistCommands: CliCommand[] = [exportCommand, forDiffCommand, listCommand];
