import { getDb } from "../../db/client";
import { recordAudit } from "../../auth/audit";
import { UnauthorizedError } from "../../auth/errors";
import { ROLES, type Viewer } from "../../auth/roles";
import { accountsExist, createFirstAdmin, createUser, findUserByEmail, listUsers, setUserDisabled, setUserPassword, setUserRole } from "../../auth/users";
import { InvalidInputError } from "../../errors";
import { parseCliArgs } from "../args";
import { cliViewer, TOKEN_CLI_OPTION, TOKEN_USAGE } from "../auth";
import type { CliCommand, CliIO } from "../command";
import { textTable } from "../format";

/** Reads a password from --password-stdin (first line) or $CASEBOOK_PASSWORD; never from argv (shell history, ps). */
async function readPassword(io: CliIO, fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) {
    let text = "";
    for await (const chunk of io.stdin) text += chunk.toString();
    return text.split(/\r?\n/)[0];
  }
  const fromEnv = io.env.CASEBOOK_PASSWORD;
  if (fromEnv) return fromEnv;
  throw new InvalidInputError("give the password with --password-stdin (first line of stdin) or $CASEBOOK_PASSWORD");
}

const PASSWORD_USAGE = "  --password-stdin   read the password from stdin (else $CASEBOOK_PASSWORD)";

async function audit(io: CliIO, viewer: Viewer, action: string, email: string, details: Record<string, unknown> = {}) {
  await recordAudit(await getDb(io.env), { viewer, actor: viewer.kind === "user" ? undefined : "cli", action, targetType: "account", targetId: email, outcome: "success", details });
}

const add: CliCommand = {
  path: ["user", "add"],
  summary: "Add an account (--admin creates the first admin without a token while no account exists)",
  usage: ["Usage: casebook user add EMAIL [--name NAME] [--role viewer|editor|admin | --admin] [--password-stdin] [--token T]", PASSWORD_USAGE, TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { name: { type: "string" }, role: { type: "string" }, admin: { type: "boolean" }, "password-stdin": { type: "boolean" }, ...TOKEN_CLI_OPTION });
    if (positionals.length !== 1) throw new InvalidInputError("give exactly one email address");
    const role = values.admin ? "admin" : (values.role ?? "viewer");
    const db = await getDb(io.env);
    const first = !(await accountsExist(db));
    if (first && role !== "admin") throw new InvalidInputError("the first account must be an admin: casebook user add EMAIL --admin");
    const viewer: Viewer = first ? { kind: "single-user" } : await cliViewer(db, io, values.token, "manage-users", "user add");
    const password = await readPassword(io, values["password-stdin"]);
    const input = { email: positionals[0], name: values.name ?? "", role, password };
    const user = first ? await createFirstAdmin(db, input) : await createUser(db, input);
    await audit(io, viewer, "user-create", user.email, { role: user.role, first });
    io.stdout.write(`added ${user.email} (${user.role})${first ? "; accounts now exist: sign in to use Casebook" : ""}\n`);
    return 0;
  },
};

const list: CliCommand = {
  path: ["user", "list"],
  summary: "List accounts (admin token once accounts exist; --json)",
  usage: ["Usage: casebook user list [--json] [--token T]", TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values } = parseCliArgs(args, { json: { type: "boolean" }, ...TOKEN_CLI_OPTION }, false);
    const db = await getDb(io.env);
    await cliViewer(db, io, values.token, "manage-users", "user list");
    const users = await listUsers(db);
    if (values.json) io.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    else if (users.length === 0) io.stdout.write("No accounts: Casebook runs in single-user mode.\n");
    else io.stdout.write(textTable(["EMAIL", "NAME", "ROLE", "STATUS"], users.map((user) => [user.email, user.name, user.role, user.disabled ? "disabled" : "active"])));
    return 0;
  },
};

/** Used by scripts/start.mjs: prints the number of accounts (0 = single-user mode). */
const count: CliCommand = {
  path: ["user", "count"],
  summary: "Print the number of accounts (0: single-user mode)",
  usage: "Usage: casebook user count",
  async run(args, io) {
    parseCliArgs(args, {}, false);
    io.stdout.write(`${await (await getDb(io.env)).user.count()}\n`);
    return 0;
  },
};

function adminCommand(name: string, summary: string, usage: string, extra: Record<string, { type: "string" | "boolean" }>, apply: (io: CliIO, email: string, values: Record<string, unknown>) => Promise<string>): CliCommand {
  return {
    path: ["user", name],
    summary,
    usage: [usage, TOKEN_USAGE].join("\n"),
    async run(args, io) {
      const { values, positionals } = parseCliArgs(args, { ...extra, ...TOKEN_CLI_OPTION });
      if (positionals.length !== 1) throw new InvalidInputError("give exactly one email address");
      const db = await getDb(io.env);
      if (!(await accountsExist(db))) throw new UnauthorizedError("no account exists yet; create the first admin with casebook user add EMAIL --admin");
      const viewer = await cliViewer(db, io, values.token as string | undefined, "manage-users", `user ${name}`);
      const message = await apply(io, positionals[0], values);
      await audit(io, viewer, `user-${name}`, positionals[0].toLowerCase(), { ...values, token: undefined });
      io.stdout.write(`${message}\n`);
      return 0;
    },
  };
}

const setRole: CliCommand = {
  path: ["user", "set-role"],
  summary: "Change an account's role",
  usage: [`Usage: casebook user set-role EMAIL ${ROLES.join("|")}`, TOKEN_USAGE].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { ...TOKEN_CLI_OPTION });
    if (positionals.length !== 2) throw new InvalidInputError(`give an email and a role (${ROLES.join(", ")})`);
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, "manage-users", "user set-role");
    const user = await setUserRole(db, positionals[0], positionals[1]);
    await audit(io, viewer, "user-role", user.email, { role: user.role });
    io.stdout.write(`${user.email} is now ${user.role}\n`);
    return 0;
  },
};

const disable = adminCommand("disable", "Disable an account (ends its sessions; its tokens stop working); --enable undoes", "Usage: casebook user disable EMAIL [--enable]", { enable: { type: "boolean" } }, async (io, email, values) => {
  const user = await setUserDisabled(await getDb(io.env), email, !values.enable);
  return `${user.email} ${user.disabled ? "disabled" : "enabled"}`;
});

const passwd = adminCommand("passwd", "Set an account's password (ends its sessions)", ["Usage: casebook user passwd EMAIL [--password-stdin]", PASSWORD_USAGE].join("\n"), { "password-stdin": { type: "boolean" } }, async (io, email, values) => {
  const db = await getDb(io.env);
  const user = await findUserByEmail(db, email);
  await setUserPassword(db, user.id, await readPassword(io, values["password-stdin"] as boolean | undefined));
  return `password of ${user.email} changed`;
});

export const userCommands: CliCommand[] = [add, list, count, setRole, disable, passwd];
