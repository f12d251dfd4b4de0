import { getDb } from "../../db/client";
import { assessHypotheses, ENTRY_KIND_LABELS, groupByDay, localTimeLabel } from "../../domain";
import { getIncidentDocument, listIncidents } from "../../incidents/incidents";
import { InvalidInputError } from "../../errors";
import { parseCliArgs } from "../args";
import { assertIncidentVisible, incidentVisibilityWhere } from "../../auth/visibility";
import { cliViewer, TOKEN_CLI_OPTION } from "../auth";
import type { CliCommand } from "../command";
import { textTable } from "../format";

const list: CliCommand = {
  path: ["incident", "list"],
  summary: "List incidents (filters: --status, --severity, --service, --tag, --q; --json)",
  usage: "casebook incident list [--status S] [--severity S] [--service NAME] [--tag TAG] [--q TEXT] [--json] [--token T]",
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      { status: { type: "string" }, severity: { type: "string" }, service: { type: "string" }, tag: { type: "string" }, q: { type: "string" }, json: { type: "boolean" }, ...TOKEN_CLI_OPTION },
      false,
    );
    const { json, token, ...filters } = values;
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, token, "read", "incident list");
    const incidents = await listIncidents(db, filters, incidentVisibilityWhere(viewer));
    if (json) {
      io.stdout.write(`${JSON.stringify(incidents, null, 2)}\n`);
      return 0;
    }
    if (incidents.length === 0) {
      io.stdout.write("No incidents match.\n");
      return 0;
    }
    io.stdout.write(
      textTable(
        ["SLUG", "STATUS", "SEV", "ENTRIES", "TITLE"],
        incidents.map((incident) => [incident.slug, incident.status, incident.severity, String(incident.entryCount), incident.title]),
      ),
    );
    return 0;
  },
};

const show: CliCommand = {
  path: ["incident", "show"],
  summary: "Show one incident: facts, timeline by day and hypotheses (--json for everything)",
  usage: "casebook incident show SLUG [--json] [--token T]",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: "boolean" }, ...TOKEN_CLI_OPTION });
    if (positionals.length !== 1) throw new InvalidInputError("give exactly one incident slug");
    const db = await getDb(io.env);
    await assertIncidentVisible(db, await cliViewer(db, io, values.token, "read", "incident show"), positionals[0]);
    const document = await getIncidentDocument(db, positionals[0]);
    const hypotheses = assessHypotheses(document.entries, document.links);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ...document, hypotheses: [...hypotheses.values()] }, null, 2)}\n`);
      return 0;
    }
    const { incident } = document;
    const out: string[] = [`${incident.title}${incident.titleOriginal ? `  (${incident.titleOriginal})` : ""}`];
    out.push(`${incident.slug} · ${incident.status} · ${incident.severity} · version ${incident.version}`);
    if (incident.services.length) out.push(`services: ${incident.services.join(", ")}`);
    if (incident.tags.length) out.push(`tags: ${incident.tags.join(", ")}`);
    for (const [name, value] of Object.entries(incident.facts)) out.push(`  ${name}: ${Array.isArray(value) ? value.join(", ") : String(value)}`);
    for (const day of groupByDay(document.entries, incident.timezone)) {
      out.push("", `Day ${day.dayNumber} · ${day.date}`);
      for (const entry of day.items) {
        const status = hypotheses.get(entry.key)?.status;
        out.push(`  ${localTimeLabel(entry.at, incident.timezone)}  ${ENTRY_KIND_LABELS[entry.kind].padEnd(11)} ${entry.title}${status ? `  [${status}]` : ""}`);
      }
    }
    if (hypotheses.size) {
      out.push("", "Hypotheses");
      for (const assessment of hypotheses.values()) {
        const entry = document.entries.find((item) => item.key === assessment.key);
        out.push(`  [${assessment.status}] ${entry?.title ?? assessment.key} — ${assessment.reason}`);
      }
    }
    if (incident.rootCause) out.push("", "Root cause", `  ${incident.rootCause.split("\n").join("\n  ")}`);
    io.stdout.write(`${out.join("\n")}\n`);
    return 0;
  },
};

export const incidentCommands: CliCommand[] = [list, show];
