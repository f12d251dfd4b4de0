import { getDb } from "../../db/client";
import { recordAudit } from "../../auth/audit";
import { UnauthorizedError } from "../../auth/errors";
import { isAdmin } from "../../auth/roles";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/tokens";
import { findUserByEmail } from "../../auth/users";
import { verifyPassword } from "../../auth/passwords";
import { InvalidInputError } from "../../errors";
import { parseCliArgs } from "../args";
import { cliViewer, TOKEN_CLI_OPTION, TOKEN_USAGE } from "../auth";
import type { CliCommand } from "../command";
import { textTable } from "../format";

/**
 * `token create` needs no token (the first token has to come from somewhere): it signs in with the
 * account's email and password ($CASEBOOK_PASSWORD or --password-stdin), like the web's /account.
 */
const create: CliCommand = {
  path: ["token", "create"],
  summary: "Create an API token for your account (printed once); signs in with email + password",
  usage: [
    "Usage: casebook token create --email EMAIL --name NAME [--scope read|write] [--password-stdin]",
    "  The password comes from the first line of stdin with --password-stdin, else $CASEBOOK_PASSWORD.",
  ].join("\n"),
  async run(args, io) {
    const { values } = parseCliArgs(args, { email: { type: "string" }, name: { type: "string" }, scope: { type: "string" }, "password-stdin": { type: "boolean" } }, false);
    if (!values.email) throw new InvalidInputError("--email is required");
    let password = io.env.CASEBOOK_PASSWORD ?? "";
    if (values["password-stdin"]) {
      let text = "";
      for await (const chunk of io.stdin) text += chunk.toString();
      password = text.split(/\r?\n/)[0];
    }
    if (!password) throw new InvalidInputError("give the password with --password-stdin or $CASEBOOK_PASSWORD");
    const db = await getDb(io.env);
    const user = await findUserByEmail(db, values.email).catch(() => null);
    if (!user || user.disabled || !(await verifyPassword(password, user.passwordHash))) {
      await recordAudit(db, { actor: `cli:${values.email}`, action: "token-create", targetType: "account", targetId: values.email.toLowerCase(), outcome: "failed" });
      throw new UnauthorizedError("wrong email or password");
    }
    const created = await createApiToken(db, user.id, { name: values.name ?? "", scope: values.scope ?? "read" });
    await recordAudit(db, { actor: `user:${user.email}`, action: "token-create", targetType: "token", targetId: created.summary.id, outcome: "success", details: { scope: created.summary.scope, via: "cli" } });
    io.stdout.write(`${created.token}\n`);
    io.stderr.write(`token "${created.summary.name}" (${created.summary.scope}) created; it is shown only this once\n`);
    return 0;
  },
};

const list: CliCommand = {
  path: ["token", "list"],
  summary: "List your API tokens (admins: --all for everyone's)",
  usage: ["Usage: casebook token list [--all] [--json] [--token T]", TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values } = parseCliArgs(args, { all: { type: "boolean" }, json: { type: "boolean" }, ...TOKEN_CLI_OPTION }, false);
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, values.all ? "manage-tokens" : "manage-own-account", "token list");
    if (viewer.kind !== "user") throw new InvalidInputError("no account exists yet; tokens belong to accounts");
    const tokens = await listApiTokens(db, values.all && isAdmin(viewer) ? null : viewer.user.id);
    if (values.json) io.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
    else io.stdout.write(textTable(["ID", "NAME", "PREFIX", "SCOPE", "OWNER", "LAST USED", "REVOKED"], tokens.map((t) => [t.id, t.name, t.prefix, t.scope, t.userEmail, t.lastUsedAt ?? "never", t.revokedAt ?? ""])));
    return 0;
  },
};

const revoke: CliCommand = {
  path: ["token", "revoke"],
  summary: "Revoke an API token by id (your own; admins: anyone's)",
  usage: ["Usage: casebook token revoke ID [--token T]", TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { ...TOKEN_CLI_OPTION });
    if (positionals.length !== 1) throw new InvalidInputError("give exactly one token id (see casebook token list)");
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, "manage-own-account", "token revoke");
    if (viewer.kind !== "user") throw new InvalidInputError("no account exists yet; tokens belong to accounts");
    const revoked = await revokeApiToken(db, positionals[0], isAdmin(viewer) ? null : viewer.user.id);
    await recordAudit(db, { viewer, action: "token-revoke", targetType: "token", targetId: revoked.id, outcome: "success" });
    io.stdout.write(`revoked ${revoked.id} (${revoked.name})\n`);
    return 0;
  },
};

export const tokenCommands: CliCommand[] = [create, list, revoke];
