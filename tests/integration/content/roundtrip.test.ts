import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderIncidentFile } from "@/lib/content";
import { readContentDir } from "@/lib/content/files";
import { closeDb } from "@/lib/db/client";
import { runCli } from "@/lib/cli/main";
import { exportAllIncidents, importPortables } from "@/lib/incidents/import-export";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";

const CONTENT = path.resolve(__dirname, "../../../content");

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk) => out.push(String(chunk)));
  stderr.on("data", (chunk) => err.push(String(chunk)));
  const code = await runCli(args, { stdin: new PassThrough(), stdout, stderr, isTTY: false, env, cwd: process.cwd() });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = fs.readFileSync(full).toString("base64");
    }
  }
  return files;
}

describe.each(databaseKinds)("content round trip on %s", (kind) => {
  let t: TestDb;
  let work: string;
  beforeAll(async () => {
    t = await openTestDb(kind, "roundtrip");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-roundtrip-"));
  });
  afterAll(async () => {
    await closeDb();
    await t?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("loads the worked example and exports it byte-identical (export → import → export)", async () => {
    const env = { ...process.env, DATABASE_URL: t.url };
    expect((await cli(["import", CONTENT], env)).code).toBe(0);
    const first = path.join(work, "first");
    expect((await cli(["export", "--out", first], env)).code).toBe(0);
    expect(fs.readFileSync(path.join(first, "incidents", "redis-slot-migration-leak.md"), "utf8")).toBe(
      fs.readFileSync(path.join(CONTENT, "incidents", "redis-slot-migration-leak.md"), "utf8"),
    );
    // Re-importing replaces the incident wholesale; exporting again gives the same bytes.
    expect((await cli(["import", first], env)).code).toBe(0);
    const second = path.join(work, "second");
    expect((await cli(["export", "--out", second], env)).code).toBe(0);
    expect(readTree(second)).toEqual(readTree(first));
  });

  it("keeps the worked example's hypotheses and the rax refutation with its reason", async () => {
    const show = await cli(["incident", "show", "redis-slot-migration-leak", "--json"], { ...process.env, DATABASE_URL: t.url });
    const document = JSON.parse(show.stdout) as { entries: unknown[]; hypotheses: { key: string; status: string; reason: string }[] };
    expect(document.entries.length).toBeGreaterThanOrEqual(14);
    const statuses = Object.fromEntries(document.hypotheses.map((h) => [h.key, h.status]));
    expect(Object.values(statuses).filter((status) => status === "confirmed")).toHaveLength(1);
    const rax = document.hypotheses.find((h) => /rax/.test(h.key))!;
    expect(rax.status).toBe("refuted");
    expect(rax.reason).toMatch(/54 54 01|sdshdr8|SDS/);
  });

  it("round-trips attachments and generated incidents through files", async () => {
    const incidents = await exportAllIncidents(t.db);
    const withAttachment = {
      ...incidents[0],
      slug: "with-attachment",
      attachments: [
        { filename: "hexdump.txt", mediaType: "text/plain" as const, caption: "54 54 01", entry: null, sha256: "", size: 0, data: new TextEncoder().encode("00000000  54 54 01 6b 65 79\n") },
      ],
    };
    const { createHash } = await import("node:crypto");
    withAttachment.attachments[0].sha256 = createHash("sha256").update(withAttachment.attachments[0].data).digest("hex");
    withAttachment.attachments[0].size = withAttachment.attachments[0].data.byteLength;
    await importPortables(t.db, [withAttachment]);
    const dir = path.join(work, "attachments");
    expect((await cli(["export", "--out", dir, "--slug", "with-attachment"], { ...process.env, DATABASE_URL: t.url })).code).toBe(0);
    const reread = await readContentDir(path.join(dir, "incidents"));
    expect(Buffer.from(reread[0].attachments[0].data!).toString()).toBe("00000000  54 54 01 6b 65 79\n");
    expect(renderIncidentFile(reread[0])).toBe(fs.readFileSync(path.join(dir, "incidents", "with-attachment.md"), "utf8"));
  });

  it("rejects a batch with one malformed file (exit 2, file:line) and changes nothing", async () => {
    const batch = path.join(work, "batch");
    fs.mkdirSync(batch, { recursive: true });
    const valid = fs.readFileSync(path.join(CONTENT, "incidents", "redis-slot-migration-leak.md"), "utf8").replace("slug: redis-slot-migration-leak", "slug: a-new-one");
    fs.writeFileSync(path.join(batch, "a-new-one.md"), valid);
    fs.writeFileSync(path.join(batch, "zz-broken.md"), "---\nslug: zz-broken\ntitle: Broken\nstatus: lost\n---\n");
    const result = await cli(["import", batch], { ...process.env, DATABASE_URL: t.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/zz-broken\.md:4: status/);
    expect(await t.db.incident.findUnique({ where: { slug: "a-new-one" } })).toBeNull();
  });
});
