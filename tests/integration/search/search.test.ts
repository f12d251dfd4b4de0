import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as searchRoute from "@/app/api/v1/search/route";
import { readContentDir } from "@/lib/content/files";
import { closeDb } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import { addEntry } from "@/lib/incidents/entries";
import { importPortables } from "@/lib/incidents/import-export";
import { createIncident } from "@/lib/incidents/incidents";
import { searchKnowledgeBase, type SearchResponse } from "@/lib/search/service";
import { findSimilarIncidents } from "@/lib/search/similar";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";
import { NASTY_QUERIES } from "../../unit/search/nasty-queries";
import { call } from "../api/call-route";

const WORKED_EXAMPLE = "redis-slot-migration-leak";
const hitIds = (result: SearchResponse) => result.results.map((hit) => `${hit.type}:${hit.id}`);

describe.each(databaseKinds)("search on %s", (kind) => {
  let t: TestDb;
  const previousUrl = process.env.DATABASE_URL;
  const search = (input: Record<string, unknown>) => searchKnowledgeBase(t.db, input);

  beforeAll(async () => {
    t = await openTestDb(kind, "search");
    await importPortables(t.db, await readContentDir(path.join(__dirname, "../../../content/incidents")));
    await createIncident(t.db, {
      slug: "disk-full-2024",
      title: "Disk full on the log volume",
      status: "investigating",
      severity: "sev1",
      services: ["storage"],
      tags: ["disk", "memory-leak"],
      timezone: "UTC",
      detectedAt: "2024-02-03T10:00:00Z",
      facts: { system: "redis", version: "6.2.1" },
    });
    await addEntry(t.db, "disk-full-2024", { at: "10:05", kind: "observation", title: "Memory and disk alerts", body: "The log volume filled up; 内存 stayed flat." });
    await addEntry(t.db, "disk-full-2024", { at: "10:30", kind: "hypothesis", title: "Logrotate stopped", body: "Maybe logrotate crashed after the memory upgrade." });
    await closeDb();
    process.env.DATABASE_URL = t.url;
  });
  afterAll(async () => {
    await closeDb();
    process.env.DATABASE_URL = previousUrl;
    await t?.close();
  });

  it("finds the worked example by Chinese words inside unspaced text", async () => {
    for (const q of ["内存", "泄漏", "排查", "内存泄漏", "线上问题"]) {
      const result = await search({ q });
      expect(result.results.map((hit) => hit.incident?.slug), q).toContain(WORKED_EXAMPLE);
    }
    const phrase = await search({ q: "排查", kind: "incident" });
    expect(phrase.results[0]).toMatchObject({ type: "incident", id: WORKED_EXAMPLE, url: `/incidents/${WORKED_EXAMPLE}` });
    expect(phrase.results[0].snippet).toContain("线上问题<mark>排查</mark>实例分析");
    // A word that does not occur is not "found" through a longer run containing its characters.
    expect((await search({ q: "查实" })).total).toBe(0);
  });

  it("finds English words, quoted phrases and prefixes, with highlighted snippets", async () => {
    const identifier = await search({ q: "getKeysInSlot" });
    expect(hitIds(identifier)).toContain("entry:root-cause-getkeysinslot");
    expect(identifier.results.find((hit) => hit.id === "root-cause-getkeysinslot")!.snippet).toContain("<mark>getKeysInSlot</mark>");

    const words = await search({ q: "slot migration" });
    const phrase = await search({ q: '"slot migration"' });
    const reversed = await search({ q: '"migration slot"' });
    expect(phrase.total).toBeGreaterThan(0);
    expect(phrase.total).toBeLessThanOrEqual(words.total);
    expect(reversed.total).toBeLessThan(phrase.total);

    const prefix = await search({ q: "migrat*" });
    expect(prefix.total).toBeGreaterThanOrEqual((await search({ q: "migration" })).total);
    expect((await search({ q: "migrat" })).total).toBe(0);
    expect(prefix.results.some((hit) => /<mark>migrating<\/mark>/i.test(hit.snippet))).toBe(true);

    expect((await search({ q: "jemalloc" })).total).toBeGreaterThan((await search({ q: "jemalloc -valgrind" })).total);
    expect((await search({ q: "logrotate OR getKeysInSlot" })).totalIncidents).toBe(2);
  });

  it("groups hits by incident, best incident first, at most three hits each", async () => {
    const result = await search({ q: "memory" });
    expect(result.totalIncidents).toBe(2);
    // Each incident's hits are adjacent; a runbook step or checklist item is a group of its own.
    const slugs = result.results.map((hit) => hit.incident?.slug ?? `${hit.type}:${hit.id}`);
    expect(slugs).toEqual([...slugs].sort((a, b) => slugs.indexOf(a) - slugs.indexOf(b)));
    for (const slug of new Set(slugs)) expect(slugs.filter((s) => s === slug).length).toBeLessThanOrEqual(3);
    const worked = result.results.find((hit) => hit.incident?.slug === WORKED_EXAMPLE)!;
    expect(worked.incident?.hits).toBeGreaterThan(3);
    expect(result.total).toBe(result.facets.kind.reduce((sum, value) => sum + value.count, 0));

    const page = await search({ q: "memory", limit: 1 });
    const next = await search({ q: "memory", limit: 1, offset: 1 });
    const group = (hit: SearchResponse["results"][number]) => hit.incident?.slug ?? `${hit.type}:${hit.id}`;
    expect(new Set(page.results.map(group)).size).toBe(1);
    expect(group(next.results[0])).not.toBe(group(page.results[0]));
  });

  it("filters by kind, status, severity, service, tag and date, with facet counts", async () => {
    const all = await search({ q: "memory" });
    expect(all.facets.status.map((value) => value.value).sort()).toEqual(["investigating", "published"]);
    expect(all.facets.kind.find((value) => value.value === "entry")).toMatchObject({ label: "Timeline entries" });
    expect(all.facets.year.map((value) => value.value)).toEqual(["2024", "2019"]);

    const investigating = await search({ q: "memory", status: "investigating" });
    expect(new Set(investigating.results.map((hit) => hit.incident?.slug))).toEqual(new Set(["disk-full-2024"]));
    expect(investigating.facets.status).toEqual(all.facets.status); // a facet ignores its own filter

    expect((await search({ q: "memory", severity: "sev2" })).results.every((hit) => hit.incident?.slug === WORKED_EXAMPLE)).toBe(true);
    expect((await search({ q: "memory", service: "storage" })).totalIncidents).toBe(1);
    expect((await search({ q: "memory", tag: "memory-leak" })).totalIncidents).toBe(2);
    expect((await search({ q: "memory", tag: "disk" })).totalIncidents).toBe(1);
    expect((await search({ q: "memory", from: "2024-01-01" })).totalIncidents).toBe(1);
    expect((await search({ q: "memory", to: "2019-12-31" })).totalIncidents).toBe(1);

    const lessons = await search({ q: "memory", kind: "lesson" });
    expect(lessons.results.length).toBeGreaterThan(0);
    expect(lessons.results.every((hit) => hit.type === "lesson" && hit.url.startsWith("/lessons/"))).toBe(true);
    const entries = await search({ q: "logrotate", kind: "entry" });
    expect(entries.results[0]).toMatchObject({ type: "entry", detail: "hypothesis", url: "/incidents/disk-full-2024#entry-logrotate-stopped" });
  });

  it("counts and ranks only the newest matches of a very common word, and says so", async () => {
    const exact = await search({ q: "memory" });
    const capped = await searchKnowledgeBase(t.db, { q: "memory" }, { countLimit: 3, rankWindow: 2 });
    expect(exact.totalIsApproximate).toBe(false);
    expect(capped).toMatchObject({ total: 3, totalIsApproximate: true, rankedWindow: 2 });
    expect(capped.results.length).toBeGreaterThan(0);
    expect(capped.results.length).toBeLessThanOrEqual(2);
    // Filters still reach incidents whose matches lie beyond the counted ones.
    const older = await searchKnowledgeBase(t.db, { q: "memory", status: "published" }, { countLimit: 1, rankWindow: 50 });
    expect(new Set(older.results.map((hit) => hit.incident?.slug))).toEqual(new Set([WORKED_EXAMPLE]));
    const none = await searchKnowledgeBase(t.db, { q: "memory", tag: "no-such-tag" }, { countLimit: 1 });
    expect(none.results).toEqual([]);
    for (const [filters, expected] of [
      [{ service: "storage" }, ["disk-full-2024"]],
      [{ tag: "memory-leak", severity: "sev2" }, [WORKED_EXAMPLE]],
      [{ from: "2019-12-19", to: "2019-12-19" }, [WORKED_EXAMPLE]],
    ] as const) {
      const found = await searchKnowledgeBase(t.db, { q: "memory", ...filters }, { countLimit: 1 });
      expect(new Set(found.results.map((hit) => hit.incident?.slug)), JSON.stringify(filters)).toEqual(new Set(expected));
    }
  });

  it("rejects bad parameters with a 400 and a message", async () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /q is required/],
      [{ q: "" }, /enter something/],
      [{ q: "x".repeat(600) }, /limit is 500/],
      [{ q: "memory", status: "bogus" }, /status/],
      [{ q: "memory", kind: "planet" }, /kind: must be one of incident, entry, lesson/],
      [{ q: "memory", limit: "0" }, /limit/],
      [{ q: "memory", from: "2024-13-01" }, /from/],
      [{ q: "memory", from: "2024-02-01", to: "2024-01-01" }, /must not be before from/],
      [{ q: "memory", colour: "red" }, /colour/],
    ];
    for (const [input, message] of bad) {
      const error = await search(input).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(input)).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it("answers every nasty query with 200 or 400 through the API, never 500", async () => {
    for (const q of NASTY_QUERIES) {
      const response = await call(searchRoute.GET, { url: `http://casebook.test/api/v1/search?q=${encodeURIComponent(q)}` });
      expect([200, 400], `${JSON.stringify(q)} → ${response.text.slice(0, 200)}`).toContain(response.status);
      if (response.status === 400) expect((response.body as { error: string }).error.length).toBeGreaterThan(5);
      else expect(response.body).toMatchObject({ total: expect.any(Number), facets: expect.any(Object), results: expect.any(Array) });
    }
    const ok = await call(searchRoute.GET, { url: "http://casebook.test/api/v1/search?q=%E5%86%85%E5%AD%98&kind=entry" });
    expect(ok.status).toBe(200);
    expect((ok.body as SearchResponse).results[0]).toEqual(
      expect.objectContaining({ type: "entry", id: expect.any(String), title: expect.any(String), snippet: expect.stringContaining("<mark>内存</mark>"), incident: expect.objectContaining({ slug: "disk-full-2024" }) }),
    );
  });

  it("lists incidents similar by facts, tags and wording", async () => {
    const similar = await findSimilarIncidents(t.db, "disk-full-2024");
    expect(similar.map((item) => item.slug)).toEqual([WORKED_EXAMPLE]);
    expect(similar[0].reasons.join(" | ")).toMatch(/facts: system = redis/);
    expect(similar[0].reasons.join(" | ")).toMatch(/tags: memory-leak/);
    expect(similar[0].score).toBeGreaterThan(0.12);
    await createIncident(t.db, { slug: "unrelated-dns", title: "DNS resolver timeouts", tags: ["dns"], facts: { system: "coredns" } });
    expect(await findSimilarIncidents(t.db, "unrelated-dns")).toEqual([]);
  });
});
