import fs from "node:fs";
import { getDb } from "../../db/client";
import { auditEventsToCsv, listAuditEvents } from "../../auth/audit";
import { InvalidInputError } from "../../errors";
import { parseCliArgs } from "../args";
import { cliViewer, TOKEN_CLI_OPTION, TOKEN_USAGE } from "../auth";
import type { CliCommand } from "../command";
import { textTable } from "../format";

const FILTER_OPTIONS = {
  actor: { type: "string" },
  action: { type: "string" },
  outcome: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  limit: { type: "string" },
} as const;
const FILTER_USAGE = "  --actor TEXT --action NAME --outcome success|denied|failed --from YYYY-MM-DD --to YYYY-MM-DD --limit N";

const list: CliCommand = {
  path: ["audit", "list"],
  summary: "Show the audit log, newest first (admin token once accounts exist)",
  usage: ["Usage: casebook audit list [filters] [--token T]", FILTER_USAGE, TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values } = parseCliArgs(args, { ...FILTER_OPTIONS, ...TOKEN_CLI_OPTION }, false);
    const { token, ...filters } = values;
    const db = await getDb(io.env);
    await cliViewer(db, io, token, "view-audit", "audit list");
    const events = await listAuditEvents(db, { ...filters, limit: filters.limit ?? "50" });
    io.stdout.write(textTable(["AT", "ACTOR", "ACTION", "TARGET", "IP", "OUTCOME"], events.map((e) => [e.at, e.actor, e.action, e.targetId, e.ip, e.outcome])));
    return 0;
  },
};

const exportCommand: CliCommand = {
  path: ["audit", "export"],
  summary: "Export the audit log as JSON or CSV (admin token once accounts exist)",
  usage: ["Usage: casebook audit export --format json|csv [--out FILE] [filters] [--token T]", FILTER_USAGE, TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values } = parseCliArgs(args, { ...FILTER_OPTIONS, ...TOKEN_CLI_OPTION, format: { type: "string" }, out: { type: "string" } }, false);
    const { token, format = "json", out, ...filters } = values;
    if (format !== "json" && format !== "csv") throw new InvalidInputError(`--format must be json or csv, got "${format}"`);
    const db = await getDb(io.env);
    await cliViewer(db, io, token, "view-audit", "audit export");
    const events = await listAuditEvents(db, { ...filters, limit: filters.limit ?? "100000" });
    const body = format === "csv" ? auditEventsToCsv(events) : `${JSON.stringify(events, null, 2)}\n`;
    if (out) fs.writeFileSync(out, body);
    else io.stdout.write(body);
    return 0;
  },
};

export const auditCommands: CliCommand[] = [list, exportCommand];
