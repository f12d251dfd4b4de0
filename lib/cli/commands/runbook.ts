import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { getDb } from "../../db/client";
import { assertIncidentVisible, incidentVisibilityWhere } from "../../auth/visibility";
import { cliViewer, TOKEN_CLI_OPTION } from "../auth";
import { factsSchema, type Facts } from "../../domain/incident";
import { InvalidInputError } from "../../errors";
import { getIncident } from "../../incidents/incidents";
import { generateRunbook } from "../../runbooks/generate";
import { stepLibrary } from "../../runbooks/load";
import { loadPastIncidents } from "../../runbooks/past-incidents";
import { renderRunbookMarkdown } from "../../runbooks/render-markdown";
import { analyzeTriggerWindow } from "../../runbooks/trigger-window/analyze";
import { renderTriggerWindowSvg } from "../../runbooks/trigger-window/chart";
import { renderTriggerWindowText } from "../../runbooks/trigger-window/render-text";
import { parseInput } from "../../validation/parse";
import { parseCliArgs } from "../args";
import type { CliCommand, CliIO } from "../command";
import { readTextInput } from "./backports";

/** A facts file: a JSON or YAML mapping of facts, or an object with `facts` (and `tags`) such as an incident export. */
export function readFactsFile(text: string, source: string): { facts: Facts; tags: string[] } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new InvalidInputError(`${source} is neither JSON nor YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new InvalidInputError(`${source} must hold a mapping of facts, e.g. {"system": "redis", "version": "3.2.8"}`);
  const record = data as Record<string, unknown>;
  const wrapped = typeof record.facts === "object" && record.facts !== null && !Array.isArray(record.facts);
  const facts = parseInput(factsSchema, wrapped ? record.facts : record, `facts in ${source}`);
  const tags = wrapped && Array.isArray(record.tags) ? record.tags.filter((tag): tag is string => typeof tag === "string") : [];
  return { facts, tags };
}

/** Candidate causes come from the incidents the token's owner may see. */
async function pastIncidentsFor(io: CliIO, token: string | undefined, current: { facts: Facts; tags: string[]; excludeSlug?: string }) {
  const db = await getDb(io.env);
  const viewer = await cliViewer(db, io, token, "read", "runbook generate");
  return loadPastIncidents(db, { ...current, visibility: incidentVisibilityWhere(viewer) });
}

const generate: CliCommand = {
  path: ["runbook", "generate"],
  summary: "Generate a memory-leak runbook from facts or an incident (Markdown for Runme, or JSON)",
  usage: `Usage:
  casebook runbook generate --facts FILE|- [--tags a,b] [--offline] [--format md|json]
  casebook runbook generate --incident SLUG [--format md|json]

  --facts FILE    JSON or YAML facts ({"system": "redis", "version": "3.2.8", "events": ["slot-migration"]}),
                  or an object with "facts" and "tags" (an incident's JSON export)
  --incident SLUG use a recorded incident's facts and tags
  --offline       do not read past incidents from the database (no candidate hypotheses)
  --format        md (default; runnable sh blocks annotated for Runme) or json
  --token T       API token (default: $CASEBOOK_TOKEN); needed to read the database once accounts exist

Exit code: 0 runbook written, 2 bad input.`,
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      { facts: { type: "string" }, incident: { type: "string" }, tags: { type: "string" }, offline: { type: "boolean" }, format: { type: "string" }, ...TOKEN_CLI_OPTION },
      false,
    );
    const format = values.format ?? "md";
    if (format !== "md" && format !== "json") throw new InvalidInputError(`--format must be md or json, got "${format}"`);
    if ((values.facts === undefined) === (values.incident === undefined)) throw new InvalidInputError("give exactly one of --facts FILE and --incident SLUG");
    if (values.incident !== undefined && (values.offline || values.tags !== undefined)) throw new InvalidInputError("--offline and --tags go with --facts; --incident reads both from the database");

    let facts: Facts;
    let tags: string[];
    if (values.facts !== undefined) {
      ({ facts, tags } = readFactsFile(await readTextInput(values.facts, io, "facts file"), values.facts));
      if (values.tags !== undefined) tags = values.tags.split(",").map((tag) => tag.trim()).filter(Boolean);
    } else {
      const db = await getDb(io.env);
      await assertIncidentVisible(db, await cliViewer(db, io, values.token, "read", "runbook generate"), values.incident!);
      const incident = await getIncident(db, values.incident!);
      facts = incident.facts;
      tags = incident.tags;
    }
    const library = await stepLibrary();
    const pastIncidents = values.offline ? [] : await pastIncidentsFor(io, values.token, { facts, tags, excludeSlug: values.incident });
    const runbook = generateRunbook(library, { facts, tags, pastIncidents, incidentSlug: values.incident });
    io.stdout.write(format === "json" ? `${JSON.stringify(runbook, null, 2)}\n` : renderRunbookMarkdown(runbook));
    return 0;
  },
};

const triggerWindow: CliCommand = {
  path: ["runbook", "trigger-window"],
  summary: "Find steps and slopes in a memory series and the logged events around each change",
  usage: `Usage:
  casebook runbook trigger-window --metrics FILE|- --events FILE|- [--window MINUTES] [--timezone ZONE] [--svg FILE] [--json]

  --metrics FILE  CSV "timestamp,value" (ISO 8601, unix seconds or milliseconds; header optional)
  --events FILE   event log: Redis log lines, platform operations ("2019-10-20 11:29 slot migration started")
  --window MIN    minutes around each change to collect events (default 10)
  --timezone ZONE IANA zone for timestamps without an offset (default UTC; Redis logs use the server's zone)
  --svg FILE      also write the chart as SVG
  --json          print JSON

Exit code: 0 analysed, 2 bad input (nothing readable, too few points).`,
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      { metrics: { type: "string" }, events: { type: "string" }, window: { type: "string" }, timezone: { type: "string" }, svg: { type: "string" }, json: { type: "boolean" } },
      false,
    );
    if (!values.metrics || !values.events) throw new InvalidInputError("--metrics FILE and --events FILE are required");
    if (values.metrics === "-" && values.events === "-") throw new InvalidInputError("only one of --metrics and --events can read standard input");
    const windowMinutes = values.window === undefined ? undefined : Number(values.window);
    if (windowMinutes !== undefined && !(windowMinutes > 0)) throw new InvalidInputError(`--window must be a positive number of minutes, got "${values.window}"`);
    const timeZone = values.timezone;
    if (timeZone !== undefined) {
      try {
        new Intl.DateTimeFormat("en", { timeZone });
      } catch {
        throw new InvalidInputError(`--timezone must be an IANA time zone such as UTC or Asia/Shanghai, got "${timeZone}"`);
      }
    }
    const result = analyzeTriggerWindow(await readTextInput(values.metrics, io, "metrics"), await readTextInput(values.events, io, "events"), { windowMinutes, timeZone });
    if (values.svg) await writeFile(path.resolve(io.cwd, values.svg), renderTriggerWindowSvg(result));
    if (values.json) {
      const { points: _points, ...rest } = result;
      io.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
    } else io.stdout.write(renderTriggerWindowText(result));
    return 0;
  },
};

export const runbookCommands: CliCommand[] = [generate, triggerWindow];
