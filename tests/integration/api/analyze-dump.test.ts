/**
 * POST /api/v1/analyze/dump: dumps built here byte by byte (raw, hexdump, ELF core), every class of bad
 * input, and filing the report as evidence on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dumpRoute from "@/app/api/v1/analyze/dump/route";
import * as attachmentRoute from "@/app/api/v1/incidents/[slug]/attachments/[id]/route";
import * as incidentRoute from "@/app/api/v1/incidents/[slug]/route";
import * as incidentsRoute from "@/app/api/v1/incidents/route";
import { keyHashSlot } from "@/lib/analyzers/cluster-slots";
import type { DumpReport } from "@/lib/analyzers/dump";
import { DUMP_BODY_LIMIT_BYTES } from "@/lib/analyze/dump-request";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { buildCore } from "../../fixtures/dump/elf-core";
import { MemoryImage } from "../../fixtures/dump/sds";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "./call-route";

const BASE = 0x7f1200000000;
const LEAKED = 40;
const leakedKey = (n: number) => `migrating:{slot${n % 7}}:user:${String(n).padStart(6, "0")}:profile:${"p".repeat(41)}`.slice(0, 84).padEnd(84, "x");

/** 40 leaked 84-byte keys back to back at stride 96 (`54 54 01`), then one string of each other kind. */
function leakImage(): MemoryImage {
  const image = new MemoryImage(BASE, 8192);
  for (let n = 0; n < LEAKED; n++) image.sds(n * 96, 1, leakedKey(n));
  image.sds(4096, 0, "user:42");
  image.sds(4160, 2, `blob:${"k".repeat(295)}`);
  image.sds(4608, 3, "big:value:0001");
  image.sds(4672, 4, "huge:value:0002");
  image.embstr(4736, "val-123456");
  return image;
}

/** `hexdump -C` of the bytes, with its `*` for repeated lines, as the tool would be pasted. */
function hexdumpC(bytes: Buffer): string {
  const lines: string[] = [];
  let previous = "";
  let starred = false;
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = [...row].map((byte) => byte.toString(16).padStart(2, "0"));
    const body = `${hex.slice(0, 8).join(" ")}  ${hex.slice(8).join(" ")}`;
    if (body === previous) {
      if (!starred) lines.push("*");
      starred = true;
      continue;
    }
    previous = body;
    starred = false;
    const ascii = [...row].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${body}  |${ascii}|`);
  }
  lines.push(bytes.length.toString(16).padStart(8, "0"));
  return `${lines.join("\n")}\n`;
}

const post = (dump: Uint8Array | string, query = "", contentType: string | null = "application/octet-stream", headers: Record<string, string> = {}) =>
  call(dumpRoute.POST, {
    method: "POST",
    url: `http://casebook.test/api/v1/analyze/dump${query}`,
    body: typeof dump === "string" ? dump : new Uint8Array(dump),
    headers: { ...(contentType ? { "content-type": contentType } : {}), ...headers },
  });

type ErrorBody = { error: string };

/** A refusal is one line naming the problem: no stack trace, no internal error. */
function expectRefusal(response: { status: number; body: unknown; text: string }, statuses: number[], message: RegExp) {
  expect(statuses, response.text).toContain(response.status);
  const { error } = response.body as ErrorBody;
  expect(error).toMatch(message);
  expect(error).not.toMatch(/\n|\bat .*:\d+:\d+/);
}

describe("POST /api/v1/analyze/dump", () => {
  // Route handlers check the caller (lib/http/guard.ts), which reads the accounts table: a fresh database.
  let database: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    database = await openTestDb("sqlite", "analyze-dump");
    restoreDatabase = await useAsDefaultDatabase(database);
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await database?.close();
  });

  it("decodes a raw dump sent as application/octet-stream, with the options from the query", async () => {
    const foreignLeaked = Array.from({ length: LEAKED }, (_, n) => leakedKey(n)).filter((key) => keyHashSlot(key) > 5460).length;
    const response = await post(leakImage().bytes, `?base=0x${BASE.toString(16)}&slots=0-5460&dbsize=4`);
    expect(response.status, response.text).toBe(200);
    const report = response.body as DumpReport;
    expect(report.input).toMatchObject({ format: "raw", bytes: 8192, scannedBytes: 8192 });
    expect(report.strings.total).toBe(LEAKED + 5);
    expect(report.strings.byType).toEqual({ sdshdr5: 1, sdshdr8: LEAKED, sdshdr16: 1, sdshdr32: 1, sdshdr64: 1, embstr: 1 });
    expect(report.signatures.top[0]).toMatchObject({ type: "sdshdr8", len: 84, alloc: 84, count: LEAKED, sampleAddress: `0x${BASE.toString(16)}` });
    expect(report.signatures.top[0].sampleHex).toMatch(/^54 54 01 6d 69 67 72 61 74 69 6e …$/);
    expect(report.runs).toMatchObject({ runs: 1, stringsInRuns: LEAKED });
    expect(report.runs.longest[0]).toMatchObject({ start: `0x${BASE.toString(16)}`, count: LEAKED, stride: 96 });
    expect(report.ownership).toMatchObject({ ownedSlots: 5461, source: "list" });
    const otherForeign = ["user:42", "big:value:0001", "huge:value:0002", "val-123456", `blob:${"k".repeat(295)}`].filter((key) => keyHashSlot(key) > 5460).length;
    expect(report.ownership!.foreign).toBe(foreignLeaked + otherForeign);
    expect(report.keyCount).toMatchObject({ dbsize: 4, keyLikeStrings: report.strings.keyLike });
    expect(report.verdict.summary).toMatch(/key-like strings vs 4 keys/);
  });

  it("decodes a pasted hexdump -C sent as text/plain, with addresses from base + offset", async () => {
    const image = leakImage();
    const response = await post(hexdumpC(image.bytes), `?base=${BASE}`, "text/plain; charset=utf-8");
    expect(response.status, response.text).toBe(200);
    const report = response.body as DumpReport;
    expect(report.input.format).toBe("hexdump");
    expect(report.input.hexdump).toMatchObject({ badLines: 0 });
    expect(report.strings.total).toBe(LEAKED + 5);
    expect(report.runs.longest[0]).toMatchObject({ start: `0x${BASE.toString(16)}`, count: LEAKED, stride: 96 });
    const raw = (await post(image.bytes, `?base=${BASE}`)).body as DumpReport;
    expect(report.signatures).toEqual(raw.signatures);
    expect(report.patterns).toEqual(raw.patterns);
  });

  it("walks an ELF core's segments and leaves file-backed mappings out unless anonOnly=false", async () => {
    const text = Buffer.alloc(4096);
    text.set(Buffer.from("\x08\x20lookalike:text\0", "latin1"), 0);
    const core = buildCore([
      { vaddr: BASE, data: leakImage().bytes },
      { vaddr: 0x7f3400000000, data: text, file: "/usr/lib/libc.so.6" },
    ]);
    const anon = (await post(core)).body as DumpReport;
    expect(anon.input).toMatchObject({ format: "elf", scannedBytes: 8192, skippedFileBackedBytes: 4096 });
    expect(anon.strings.total).toBe(LEAKED + 5);
    const all = await post(core, "?anonOnly=false&minLen=1");
    expect(all.status, all.text).toBe(200);
    expect((all.body as DumpReport).input.scannedBytes).toBe(8192 + 4096);
  });

  it("refuses empty, garbage, truncated and non-core input with one line and 400/422", async () => {
    expectRefusal(await post(new Uint8Array()), [400], /empty/);
    expectRefusal(await post("just some words\nthat are not a hexdump at all\n", "", "text/plain"), [400, 422], /hexdump/);
    expectRefusal(await post("this is prose, not memory\n".repeat(20), "", "application/octet-stream"), [422], /text but no line reads as a hexdump/);
    const core = buildCore([{ vaddr: BASE, data: leakImage().bytes }]);
    expectRefusal(await post(core.subarray(0, 40)), [400, 422], /ELF|truncated|header/i);
    expectRefusal(await post(core.subarray(0, 200)), [400, 422], /ELF|truncated|program header|segment/i);
    expectRefusal(await post(buildCore([{ vaddr: BASE, data: leakImage().bytes }], { elfType: 2 })), [400, 422], /core/i);
    expectRefusal(await post(leakImage().bytes, "?format=elf"), [400, 422], /ELF/);
  });

  it("refuses bad options and content types with 400, naming the parameter", async () => {
    const bytes = leakImage().bytes;
    expectRefusal(await post(bytes, "?align=3"), [400], /align must be a power of two/);
    expectRefusal(await post(bytes, "?format=zip"), [400], /format: must be one of auto, elf, raw, hexdump/);
    expectRefusal(await post(bytes, "?minLen=-1"), [400], /minLen/);
    expectRefusal(await post(bytes, "?base=0xzz"), [400], /base/);
    expectRefusal(await post(bytes, "?anonOnly=maybe"), [400], /anonOnly: must be true or false/);
    expectRefusal(await post(bytes, "?threads=8"), [400], /threads/);
    expectRefusal(await post(bytes, "?slots=0-99999"), [400], /out of range/);
    expectRefusal(await post(bytes, "?slots=1-2&clusterNodes=x"), [400], /either slots or clusterNodes/);
    expectRefusal(await post(bytes, "?node=abc"), [400], /node needs clusterNodes/);
    expectRefusal(await post(bytes, "?title=Hello"), [400], /title only applies with attach/);
    expectRefusal(await post(bytes, "?attach=Not%20A%20Slug"), [400], /attach/);
    expectRefusal(await post(JSON.stringify({ dump: "x" }), "", "application/json"), [400], /application\/octet-stream .* text\/plain/);
  });

  it("is in the OpenAPI document with its query parameters", () => {
    const paths = buildOpenApiDocument().paths as Record<string, { post?: { parameters: { name: string; in: string }[]; requestBody: { content: Record<string, unknown> } } }>;
    const operation = paths["/api/v1/analyze/dump"]?.post;
    expect(operation?.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(["format", "base", "anonOnly", "align", "minLen", "slots", "clusterNodes", "node", "dbsize", "attach", "title"]),
    );
    expect(Object.keys(operation!.requestBody.content)).toEqual(["application/octet-stream"]);
  });

  it("refuses a body over the limit with 413", async () => {
    const response = await post(Buffer.alloc(DUMP_BODY_LIMIT_BYTES + 1));
    expectRefusal(response, [413], new RegExp(`limit is ${DUMP_BODY_LIMIT_BYTES} bytes|over the limit`));
  });
});

interface IncidentDocument {
  entries: { key: string; kind: string; title: string; body: string; author: string }[];
  attachments: { id: string; filename: string; mediaType: string; entryKey: string | null }[];
}

describe.each(databaseKinds)("a dump report filed as evidence on %s", (kind) => {
  const SLUG = "dump-leak-evidence";
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "analyze-dump");
    restoreDatabase = await useAsDefaultDatabase(t);
    const created = await call(incidentsRoute.POST, {
      method: "POST",
      json: { slug: SLUG, title: "Replica memory grows after slot migration", timezone: "UTC", detectedAt: "2024-03-01T09:00:00Z" },
    });
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  const document = async () => (await call(incidentRoute.GET, { params: { slug: SLUG } })).body as IncidentDocument;

  it("files the Markdown summary as an evidence entry with the JSON report attached", async () => {
    const response = await post(leakImage().bytes, `?base=${BASE}&slots=0-5460&attach=${SLUG}`, "application/octet-stream", { "x-casebook-author": "oncall" });
    expect(response.status, response.text).toBe(200);
    const body = response.body as { result: DumpReport; evidence: { entryKey: string; attachmentId: string } };
    expect(body.result.strings.total).toBe(LEAKED + 5);

    const { entries, attachments } = await document();
    const entry = entries.find((candidate) => candidate.key === body.evidence.entryKey)!;
    expect(entry).toMatchObject({ kind: "evidence", title: `Memory dump: ${body.result.verdict.summary}`.slice(0, 300), author: "oncall" });
    expect(entry.body).toMatch(/^\*\*Verdict:\*\* /);
    expect(entry.body).toMatch(/^### Top header signatures$/m);
    expect(entry.body).toMatch(/^### Cluster slot ownership$/m);
    expect(attachments.find((candidate) => candidate.id === body.evidence.attachmentId)).toMatchObject({ filename: "dump-report.json", mediaType: "application/json", entryKey: entry.key });
    const download = await call(attachmentRoute.GET, { params: { slug: SLUG, id: body.evidence.attachmentId } });
    expect(download.body).toEqual(body.result);
  });

  it("uses the title given, answers an unknown incident with 404 and files nothing for bad input", async () => {
    const titled = await post(hexdumpC(leakImage().bytes), `?attach=${SLUG}&title=${encodeURIComponent("Heap dump of replica 3")}`, "text/plain");
    expect(titled.status, titled.text).toBe(200);
    const before = await document();
    expect(before.entries.find((entry) => entry.key === (titled.body as { evidence: { entryKey: string } }).evidence.entryKey)?.title).toBe("Heap dump of replica 3");

    const unknown = await post(leakImage().bytes, "?attach=no-such-incident");
    expect(unknown.status).toBe(404);
    expect((unknown.body as ErrorBody).error).toBe('no incident with slug "no-such-incident"');
    expectRefusal(await post("prose, not a dump\n".repeat(5), `?attach=${SLUG}`), [422], /hexdump/);
    expectRefusal(await post(new Uint8Array(), `?attach=${SLUG}`), [400], /empty/);
    expect((await document()).entries.length).toBe(before.entries.length);
  });
});
