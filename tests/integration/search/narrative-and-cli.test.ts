import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as narrativeRoute from "@/app/api/v1/import/narrative/route";
import * as saveRoute from "@/app/api/v1/import/narrative/save/route";
import type { CliIO } from "@/lib/cli/command";
import { searchCommands } from "@/lib/cli/commands/search";
import { isCasebookError } from "@/lib/errors";
import { getIncidentDocument } from "@/lib/incidents/incidents";
import type { NarrativeDraft } from "@/lib/narrative";
import { searchKnowledgeBase } from "@/lib/search/service";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "../api/call-route";

const SEED = fs.readFileSync(path.join(__dirname, "../../fixtures/narrative/redis-slot-migration-leak.zh.txt"), "utf8");

/** Runs a search command as lib/cli/main.ts does (CasebookError → one stderr line, exit 2). */
async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const command = [...searchCommands].sort((a, b) => b.path.length - a.path.length).find((candidate) => candidate.path.every((word, i) => argv[i] === word))!;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  const io: CliIO = { stdin: Readable.from([]), stdout, stderr, isTTY: false, env, cwd: process.cwd() };
  let code: number;
  try {
    code = await command.run(argv.slice(command.path.length), io);
  } catch (error) {
    if (!isCasebookError(error)) throw error;
    err += `${error.message}\n`;
    code = 2;
  }
  return { code, out, err };
}

/** The review screen's edits: the draft as it is, into the save endpoint's shape. */
function asSaveRequest(draft: NarrativeDraft) {
  const { slug, title, summary, impact, rootCause, originalLanguage, timezone, status, severity } = draft.incident;
  return {
    incident: { slug, title, summary, impact, rootCause, originalLanguage, timezone, status, severity, tags: ["memory-leak"] },
    entries: draft.entries.map(({ key, at, kind, title: entryTitle, body }) => ({ key, at, kind, title: entryTitle, body })),
    lessons: draft.lessons.map(({ title: lessonTitle, body }) => ({ title: lessonTitle, body })),
  };
}

describe.each(databaseKinds)("narrative import and search CLI on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "narrative");
    restoreDatabase = await useAsDefaultDatabase(t);
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  it("turns the seed write-up into a draft (JSON or a raw text body), saving nothing", async () => {
    const viaJson = await call(narrativeRoute.POST, { method: "POST", json: { text: SEED, day1: "2019-12-19" } });
    expect(viaJson.status).toBe(200);
    const draft = viaJson.body as NarrativeDraft;
    expect(draft.entries).toHaveLength(13);
    expect(draft.entries.at(-1)).toMatchObject({ at: "2019-12-20T20:00:00+08:00", kind: "fix" });
    const viaText = await call(narrativeRoute.POST, {
      method: "POST",
      url: "http://casebook.test/api/v1/import/narrative?day1=2019-12-19&timezone=Asia/Shanghai",
      body: SEED,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    expect(viaText.status).toBe(200);
    expect((viaText.body as NarrativeDraft).entries).toEqual(draft.entries);
    expect(await t.db.incident.count()).toBe(0);
  });

  it("answers bad narrative input with 400 and a message", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ text: "   " }, /text is empty/],
      [{}, /text is required/],
      [{ text: "x", timezone: "Mars/Olympus" }, /IANA time zone/],
      [{ text: "x", day1: "19 Dec" }, /day1/],
      [{ text: "x".repeat(1_000_001) }, /longer than 1,000,000 characters/],
      [{ text: "x", extra: 1 }, /extra/],
    ];
    for (const [json, message] of cases) {
      const response = await call(narrativeRoute.POST, { method: "POST", json });
      expect(response.status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect((response.body as { error: string }).error).toMatch(message);
    }
    const noTimes = await call(narrativeRoute.POST, { method: "POST", json: { text: "Slow queries\n\nAll afternoon." } });
    expect(noTimes.status).toBe(200);
    expect((noTimes.body as NarrativeDraft).entries).toHaveLength(1);
    expect((noTimes.body as NarrativeDraft).warnings[0]).toMatch(/one note entry/);
  });

  it("saves the reviewed draft as an incident that search then finds by its Chinese words", async () => {
    const draft = (await call(narrativeRoute.POST, { method: "POST", json: { text: SEED, day1: "2019-12-19" } })).body as NarrativeDraft;
    const request = asSaveRequest(draft);
    request.entries[0] = { ...request.entries[0], kind: "evidence", title: "问题暴露:内存告警" };
    const saved = await call(saveRoute.POST, { method: "POST", json: request, headers: { "x-casebook-author": "ana" } });
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body).toEqual({ slug: "redis-2019-12-19", url: "/incidents/redis-2019-12-19", entries: 13, lessons: 2 });

    const document = await getIncidentDocument(t.db, "redis-2019-12-19");
    expect(document.entries.map((entry) => entry.at)).toEqual(draft.entries.map((entry) => new Date(entry.at).toISOString()));
    expect(document.entries[0]).toMatchObject({ kind: "evidence", title: "问题暴露:内存告警", author: "ana" });
    expect(document.lessons).toHaveLength(2);
    expect(document.incident).toMatchObject({ status: "postmortem-draft", timezone: "Asia/Shanghai", tags: ["memory-leak"] });

    // 跳跃表 (skip list) appears in two moments — the first diff (day 1), the root cause (day 2) — and a lesson.
    const skipList = await searchKnowledgeBase(t.db, { q: "跳跃表" });
    expect(skipList.total).toBe(3);
    expect(skipList.results.map((hit) => `${hit.type}:${hit.title}`).sort()).toEqual([
      "entry:找到根因",
      "entry:第一次 diff 代码",
      `lesson:${draft.lessons[1].title}`,
    ]);
    for (const hit of skipList.results) {
      expect(hit.incident?.slug).toBe("redis-2019-12-19");
      expect(hit.snippet).toContain("<mark>跳跃表</mark>");
    }
    expect((await searchKnowledgeBase(t.db, { q: "功能视角", kind: "lesson" })).total).toBe(1);

    const again = await call(saveRoute.POST, { method: "POST", json: request });
    expect(again.status).toBe(409);
    expect(await t.db.incident.count()).toBe(1);
  });

  it("refuses an unusable draft with 400 and saves nothing", async () => {
    const base = { incident: { slug: "draft-x", title: "Draft", timezone: "UTC" }, entries: [{ at: "2024-01-01T10:00:00Z", kind: "note", title: "ok" }] };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...base, entries: [] }, /at least one timeline entry/],
      [{ ...base, entries: [{ at: "16:30", kind: "note", title: "relative first" }] }, /entries\[0\]\.at: .*no first moment/],
      [{ ...base, entries: [{ at: "2024-01-01T10:00:00Z", kind: "guess", title: "x" }] }, /kind/],
      [{ ...base, incident: { ...base.incident, slug: "Not A Slug" } }, /slug/],
    ];
    for (const [json, message] of cases) {
      const response = await call(saveRoute.POST, { method: "POST", json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect((response.body as { error: string }).error).toMatch(message);
    }
    expect(await t.db.incident.count({ where: { slug: "draft-x" } })).toBe(0);
  });

  it("searches and reindexes from the command line", async () => {
    const env = { ...process.env, DATABASE_URL: t.url };
    const text = await cli(["search", "内存", "泄漏"], env);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/matches? in 1 incident for "内存 泄漏"/);
    expect(text.out).toContain("redis-2019-12-19 · postmortem-draft · sev3");
    expect(text.out).toContain("[内存]");

    const json = await cli(["search", "跳跃表", "--kind", "entry", "--json"], env);
    expect(JSON.parse(json.out)).toMatchObject({ total: 2, results: [expect.objectContaining({ type: "entry" }), expect.objectContaining({ type: "entry" })] });

    expect(await cli(["search"], env)).toMatchObject({ code: 2, err: expect.stringContaining("give the text to search for") });
    expect(await cli(["search", "memory", "--status", "bogus"], env)).toMatchObject({ code: 2, err: expect.stringContaining("status") });
    expect(await cli(["search", "memory", "--colour"], env)).toMatchObject({ code: 2 });
    expect(await cli(["search", "reindex", "extra"], env)).toMatchObject({ code: 2 });

    const reindex = await cli(["search", "reindex"], env);
    expect(reindex.code).toBe(0);
    expect(reindex.out).toMatch(/^Indexed \d+ documents of 1 incident\(s\)/);
    expect(JSON.parse((await cli(["search", "跳跃表", "--json"], env)).out).total).toBe(3);
  });
});
