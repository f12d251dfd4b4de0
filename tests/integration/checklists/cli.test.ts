import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChecklist } from "@/lib/checklists/named";
import { closeDb } from "@/lib/db/client";
import { buildOwnershipRepo } from "../../fixtures/git/ownership-repo";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";
import { cli } from "./cli-io";

const CONTENT = path.resolve(__dirname, "../../../content");
const FLIP_DIFF = path.resolve(__dirname, "../../fixtures/c/ownership/db-flip.diff");

describe.each(databaseKinds)("casebook checklist on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind, "checklist-cli");
    expect((await cli(["import", CONTENT], t.url)).code).toBe(0);
    await createChecklist(t.db, { name: "backport-review", title: "Backport review", items: ["BKP-CTR-01", "REV-FEAT-01"] }, {});
  });
  afterAll(async () => {
    await closeDb();
    await t?.close();
  });

  it("exports to stdout in each format, links pointing at CASEBOOK_PUBLIC_URL or --base-url", async () => {
    const github = await cli(["checklist", "export", "--checklist", "backport-review", "--format", "github"], t.url);
    expect(github.code).toBe(0);
    expect(github.stdout.split("\n").filter((line) => line.startsWith("- [ ] **"))).toHaveLength(2);
    expect(github.stdout).toContain("(https://casebook.example.com/lessons/backport-with-callers-contract#BKP-CTR-01)");
    const csv = await cli(["checklist", "export", "--tags", "jemalloc", "--format", "csv", "--base-url", "https://kb.internal/casebook/"], t.url);
    expect(csv.stdout).toContain("https://kb.internal/casebook/lessons/profiling-builds-and-retention#OBS-PROF-01");
    const json = await cli(["checklist", "export", "--tags", "memory", "--tags", "backport", "--format", "json"], t.url);
    expect(JSON.parse(json.stdout).items.length).toBe(11);
  });

  it("exits 2 with one line naming the valid words for unknown tags, names and formats", async () => {
    const tag = await cli(["checklist", "export", "--tags", "memroy", "--format", "md"], t.url);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toMatch(/^casebook checklist export: unknown tag "memroy"; valid tags: api-design, backport, /);
    expect(tag.stderr.trim().split("\n")).toHaveLength(1);
    const name = await cli(["checklist", "export", "--checklist", "nope", "--format", "md"], t.url);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('no checklist named "nope"; saved checklists: backport-review');
    expect((await cli(["checklist", "export", "--format", "docx"], t.url)).code).toBe(2);
    expect((await cli(["checklist", "export", "--format", "md", "--base-url", "ftp://x"], t.url)).code).toBe(2);
    expect((await cli(["checklist", "for-diff"], t.url)).code).toBe(2);
  });

  it("prints the checklist for a diff from a file or stdin as a PR comment; --fail-on-findings gates CI", async () => {
    const fromFile = await cli(["checklist", "for-diff", "--diff", FLIP_DIFF], t.url);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/^## Review checklist for this change\n\n### Ownership checker: 1 finding/);
    expect(fromFile.stdout).toContain("**MEM-OWN-01**");
    const fromStdin = await cli(["checklist", "for-diff", "--diff", "-", "--checklist", "backport-review", "--fail-on-findings"], t.url, fs.readFileSync(FLIP_DIFF, "utf8"));
    expect(fromStdin.code).toBe(1);
    expect(fromStdin.stdout.match(/- \[ \] \*\*([A-Z-]+\d+)\*\*/g)).toEqual(["- [ ] **BKP-CTR-01**", "- [ ] **REV-FEAT-01**"]);
    const json = JSON.parse((await cli(["checklist", "for-diff", "--diff", FLIP_DIFF, "--json"], t.url)).stdout) as { items: unknown[]; stats: { files: number } };
    expect(json.stats.files).toBe(1);
  });

  it("reviews a repository range: callers outside the diff are checked, items come from the range's diff", async () => {
    const repo = await buildOwnershipRepo();
    try {
      const result = await cli(["checklist", "for-diff", "--repo", repo.dir, "--base", "base", "--head", "flip", "--json"], t.url);
      expect(result.code).toBe(0);
      const body = JSON.parse(result.stdout) as { ownership: { callersChecked: boolean; findings: { function: string }[] }; items: { item: { code: string } }[] };
      expect(body.ownership.callersChecked).toBe(true);
      expect(body.ownership.findings.map((finding) => finding.function)).toContain("getKeysInSlot");
      expect(body.items.map((applied) => applied.item.code)).toContain("MEM-OWN-01");
      const unknownRef = await cli(["checklist", "for-diff", "--repo", repo.dir, "--base", "base", "--head", "no-such-branch"], t.url);
      expect(unknownRef.code).toBe(2);
      expect(unknownRef.stderr).toContain('unknown head ref "no-such-branch"');
    } finally {
      await repo.cleanup();
    }
  });

  it("lists saved checklists and library items", async () => {
    const saved = await cli(["checklist", "list"], t.url);
    expect(saved.stdout).toMatch(/backport-review\s+2\s+Backport review/);
    const items = await cli(["checklist", "list", "--items"], t.url);
    expect(items.stdout.split("\n").filter((line) => /^[A-Z]+-[A-Z]+-\d{2}\s/.test(line))).toHaveLength(14);
  });
});
