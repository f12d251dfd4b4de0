import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { setIncidentAccess } from "@/lib/auth/visibility";
import { createChecklist } from "@/lib/checklists/named";
import type { Db } from "@/lib/db/client";
import { addActionItem } from "@/lib/incidents/action-items";
import { addAttachment } from "@/lib/incidents/attachments";
import { addEntry } from "@/lib/incidents/entries";
import { createIncident } from "@/lib/incidents/incidents";
import { addLessonToIncident } from "@/lib/incidents/lessons";
import { addLink } from "@/lib/incidents/links";
import { cli } from "./checklists/cli-io";
import { databaseKinds, openTestDb, type DatabaseKind, type TestDb } from "../support/databases";

/**
 * Backup and restore: `casebook export` of everything (incidents with entries, links, action items,
 * attachments; lessons with their checklist items; named checklists), imported into an empty database
 * and exported again, gives byte-identical files — on each database and across the two.
 */

const CONTENT = path.resolve(import.meta.dirname, "..", "..", "content");
const PNG = Uint8Array.from(Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e40000000049454e44ae426082", "hex"));

/** Every file under `dir` → its bytes, keyed by the path relative to `dir`. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  visit(dir);
  return files;
}

function expectIdentical(first: string, second: string) {
  const a = tree(first);
  const b = tree(second);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  const differing = [...a].filter(([name, bytes]) => !bytes.equals(b.get(name) ?? Buffer.alloc(0))).map(([name]) => name);
  expect(differing).toEqual([]);
}

async function counts(db: Db) {
  return {
    incidents: await db.incident.count(),
    entries: await db.timelineEntry.count(),
    links: await db.entryLink.count(),
    actionItems: await db.actionItem.count(),
    attachments: await db.attachment.count(),
    lessons: await db.lesson.count(),
    incidentLessons: await db.incidentLesson.count(),
    checklistItems: await db.checklistItem.count(),
    checklists: await db.checklist.count(),
    checklistEntries: await db.checklistEntry.count(),
  };
}

/** The example content plus one of everything the example lacks, written through the services. */
async function seed(t: TestDb) {
  const imported = await cli(["import", CONTENT], t.url);
  expect(imported.code, imported.stderr).toBe(0);
  await createIncident(t.db, { slug: "backup-extra", title: "备份 extra: queue stall", summary: "Line one\n\n- **bold** `code`\n- 中文 列表", timezone: "Asia/Shanghai", startedAt: "2026-03-01T08:00:00+08:00", tags: ["backup"], facts: { version: "7.2.4", flag: true, count: 3, list: ["a", "b"] } });
  await addEntry(t.db, "backup-extra", { key: "seen", at: "08:05", kind: "observation", title: "Queue depth 1e6", body: "Trailing spaces  \nand tabs\there" });
  await addEntry(t.db, "backup-extra", { key: "guess", at: "第二天10:00", kind: "hypothesis", title: "Consumer stuck", statusOverride: "confirmed", statusReason: "stack dump" });
  await addLink(t.db, "backup-extra", { from: "seen", to: "guess", type: "supports", note: "depth only grows" });
  await addActionItem(t.db, "backup-extra", { title: "Alert on queue age", owner: "李雷", dueDate: "2026-04-01", externalLink: "https://tracker.example.com/Q-1" });
  await addAttachment(t.db, "backup-extra", { filename: "graph.png", mediaType: "image/png", caption: "depth", entry: "seen" }, PNG);
  await addLessonToIncident(t.db, "backup-extra", { title: "Alert on age, not depth", body: "Depth hides a stuck consumer.", tags: ["queues"] });
  const items = await t.db.checklistItem.findMany({ select: { code: true }, orderBy: { code: "asc" }, take: 3 });
  expect(items.length).toBeGreaterThan(1);
  await createChecklist(t.db, { name: "release-review", title: "Release review", description: "Before every release", items: items.map((item) => item.code).reverse() }, {});
}

async function exportTo(t: TestDb, dir: string) {
  const result = await cli(["export", "--out", dir], t.url);
  expect(result.code, result.stderr).toBe(0);
}

async function restoreInto(t: TestDb, dir: string) {
  const result = await cli(["import", dir], t.url);
  expect(result.code, result.stderr).toBe(0);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-backup-"));
const firstExports = new Map<DatabaseKind, string>();
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(databaseKinds)("backup and restore on %s", (kind) => {
  let source: TestDb;
  let target: TestDb;
  beforeAll(async () => {
    source = await openTestDb(kind, "backup_source");
    target = await openTestDb(kind, "backup_target");
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it("export → import into an empty database → export is byte-identical", async () => {
    await seed(source);
    const first = path.join(work, `${kind}-first`);
    const second = path.join(work, `${kind}-second`);
    await exportTo(source, first);
    expect(fs.existsSync(path.join(first, "checklists.json"))).toBe(true);
    expect(fs.existsSync(path.join(first, "incidents", "backup-extra.files", "graph.png"))).toBe(true);
    await restoreInto(target, first);
    expect(await counts(target.db)).toEqual(await counts(source.db));
    await exportTo(target, second);
    expectIdentical(first, second);
    firstExports.set(kind, first);
  }, 300_000);

  it("restoring the same backup again changes nothing", async () => {
    const first = firstExports.get(kind)!;
    const before = await counts(target.db);
    await restoreInto(target, first);
    expect(await counts(target.db)).toEqual(before);
    const third = path.join(work, `${kind}-third`);
    await exportTo(target, third);
    expectIdentical(first, third);
  }, 300_000);
});

describe.runIf(databaseKinds.length > 1)("backup across databases", () => {
  it("a SQLite backup restored into PostgreSQL exports the same bytes", async () => {
    const fromSqlite = firstExports.get("sqlite");
    expect(fromSqlite, "the SQLite round trip ran first").toBeDefined();
    const postgres = await openTestDb("postgresql", "backup_cross");
    try {
      await restoreInto(postgres, fromSqlite!);
      const out = path.join(work, "cross");
      await exportTo(postgres, out);
      expectIdentical(fromSqlite!, out);
    } finally {
      await postgres.close();
    }
  }, 300_000);
});

describe.each(databaseKinds)("backup keeps restricted incidents restricted on %s", (kind) => {
  const PASSWORD = "a long enough password";
  /** The accounts a restore needs first (accounts are not part of the content). */
  async function accounts(t: TestDb): Promise<string> {
    const admin = await createUser(t.db, { email: "admin@example.com", name: "Admin", role: "admin", password: PASSWORD });
    await createUser(t.db, { email: "member@example.com", name: "Member", role: "viewer", password: PASSWORD });
    return (await createApiToken(t.db, admin.id, { name: "backup", scope: "write" })).token;
  }
  const access = async (t: TestDb, slug: string) => {
    const row = await t.db.incident.findUniqueOrThrow({ where: { slug }, select: { restricted: true, members: { select: { user: { select: { email: true } } } } } });
    return { restricted: row.restricted, members: row.members.map((member) => member.user.email).sort() };
  };
  let source: TestDb;
  let target: TestDb;
  beforeAll(async () => {
    source = await openTestDb(kind, "backup_restricted_source");
    target = await openTestDb(kind, "backup_restricted_target");
  }, 120_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it("exports restricted: true and the members, restores both, and exports the same bytes", async () => {
    const token = await accounts(source);
    await createIncident(source.db, { slug: "secret-outage", title: "Secret outage", timezone: "UTC", detectedAt: "2026-02-01T10:00:00Z" });
    await createIncident(source.db, { slug: "public-outage", title: "Public outage", timezone: "UTC", detectedAt: "2026-02-02T10:00:00Z" });
    const admin = { kind: "user", user: { id: "", email: "admin@example.com", name: "", role: "admin" }, via: "session" } as const;
    await setIncidentAccess(source.db, admin, "secret-outage", { restricted: true, memberEmails: ["member@example.com"] });
    const first = path.join(work, `${kind}-restricted-first`);
    expect((await cli(["export", "--out", first, "--token", token], source.url)).code).toBe(0);
    const secretFile = fs.readFileSync(path.join(first, "incidents", "secret-outage.md"), "utf8");
    expect(secretFile).toMatch(/^restricted: true\nmembers:\n {2}- admin@example\.com\n {2}- member@example\.com\n---$/m);
    expect(fs.readFileSync(path.join(first, "incidents", "public-outage.md"), "utf8")).not.toMatch(/^(restricted|members):/m);

    // Into a database without those accounts: refused, naming the file line of the missing member.
    const refused = await cli(["import", first], target.url);
    expect(refused.code).toBe(2);
    const line = secretFile.split("\n").indexOf("  - admin@example.com") + 1;
    expect(refused.stderr).toContain(`${path.join(first, "incidents", "secret-outage.md")}:${line}: no account with email "admin@example.com"`);
    expect(await target.db.incident.count()).toBe(0);

    const targetToken = await accounts(target);
    const restored = await cli(["import", first, "--token", targetToken], target.url);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await access(target, "secret-outage")).toEqual({ restricted: true, members: ["admin@example.com", "member@example.com"] });
    expect(await access(target, "public-outage")).toEqual({ restricted: false, members: [] });
    const second = path.join(work, `${kind}-restricted-second`);
    expect((await cli(["export", "--out", second, "--token", targetToken], target.url)).code).toBe(0);
    expectIdentical(first, second);
  }, 300_000);
});
