import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessHypotheses } from "@/lib/domain";
import { ConflictError, InvalidInputError, NotFoundError, PayloadTooLargeError } from "@/lib/errors";
import { attachAnalysisAsEvidence } from "@/lib/evidence/attach";
import { addActionItem, updateActionItem } from "@/lib/incidents/action-items";
import { addAttachment, getAttachmentData } from "@/lib/incidents/attachments";
import { addEntry, deleteEntry, updateEntry } from "@/lib/incidents/entries";
import { createIncident, deleteIncident, getIncidentDocument, listIncidents, updateIncident } from "@/lib/incidents/incidents";
import { addLessonToIncident, listLessons, removeLessonFromIncident } from "@/lib/incidents/lessons";
import { addLink } from "@/lib/incidents/links";
import { getRevision, listRevisions, restoreRevision } from "@/lib/incidents/revisions";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";

const PNG_1X1 = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6e0a20000000049454e44ae426082",
  "hex",
);

describe.each(databaseKinds)("incident services on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind, "services");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("creates, lists with filters, and rejects duplicates and invalid fields", async () => {
    const incident = await createIncident(t.db, {
      slug: "cache-oom",
      title: "Cache OOM after deploy",
      titleOriginal: "部署后缓存内存溢出",
      severity: "sev2",
      services: ["cache", "api"],
      tags: ["memory-leak"],
      timezone: "Asia/Shanghai",
      detectedAt: "2024-05-01T16:30:00+08:00",
      facts: { system: "redis", version: "3.2.8", allocatorProfiling: false, events: ["slot-migration", "failover"] },
    });
    expect(incident).toMatchObject({ slug: "cache-oom", status: "investigating", version: 1, titleOriginal: "部署后缓存内存溢出" });
    expect(incident.facts.events).toEqual(["slot-migration", "failover"]);
    await createIncident(t.db, { slug: "disk-full", title: "Disk full", services: ["cache-proxy"], tags: ["disk"] });

    expect((await listIncidents(t.db, { service: "cache" })).map((item) => item.slug)).toEqual(["cache-oom"]);
    expect((await listIncidents(t.db, { tag: "disk" })).map((item) => item.slug)).toEqual(["disk-full"]);
    expect((await listIncidents(t.db, { severity: "sev2" })).map((item) => item.slug)).toEqual(["cache-oom"]);
    expect((await listIncidents(t.db, { q: "缓存" })).map((item) => item.slug)).toEqual(["cache-oom"]);
    await expect(listIncidents(t.db, { status: "bogus" })).rejects.toBeInstanceOf(InvalidInputError);

    await expect(createIncident(t.db, { slug: "cache-oom", title: "again" })).rejects.toBeInstanceOf(ConflictError);
    const invalid = await createIncident(t.db, { slug: "Bad Slug", title: "", severity: "sev9" }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect((invalid as InvalidInputError).issues?.map((issue) => issue.path).sort()).toEqual(["severity", "slug", "title"]);
  });

  it("refuses a stale update with 409 and keeps the newer data", async () => {
    const updated = await updateIncident(t.db, "cache-oom", { version: 1, status: "mitigated", author: "ana" });
    expect(updated.version).toBe(2);
    await expect(updateIncident(t.db, "cache-oom", { version: 1, title: "Overwritten" })).rejects.toBeInstanceOf(ConflictError);
    const current = await getIncidentDocument(t.db, "cache-oom");
    expect(current.incident.title).toBe("Cache OOM after deploy");
    expect(current.incident.status).toBe("mitigated");
    await expect(updateIncident(t.db, "nope", { version: 1, title: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("records a multi-day timeline from relative times", async () => {
    const first = await addEntry(t.db, "cache-oom", { at: "16:30", kind: "observation", title: "Alert: memory 90 %" });
    expect(first.at).toBe("2024-05-01T08:30:00.000Z");
    expect(first.key).toBe("alert-memory-90");
    await addEntry(t.db, "cache-oom", { at: "22:00", kind: "hypothesis", title: "Rax tree leak", key: "rax-leak" });
    const nextMorning = await addEntry(t.db, "cache-oom", { at: "10:00", kind: "evidence", title: "Hexdump shows sdshdr8 strings", key: "hexdump" });
    expect(nextMorning.at).toBe("2024-05-02T02:00:00.000Z");
    const day2 = await addEntry(t.db, "cache-oom", { at: "day 2 18:30", kind: "root-cause", title: "getKeysInSlot leaks 找到根因", key: "root" });
    expect(day2.at).toBe("2024-05-02T10:30:00.000Z");
    await expect(addEntry(t.db, "cache-oom", { at: "16:30", kind: "observation", title: "dup", key: "rax-leak" })).rejects.toBeInstanceOf(ConflictError);
    await expect(addEntry(t.db, "cache-oom", { at: "soon", kind: "observation", title: "x" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(addEntry(t.db, "cache-oom", { at: "10:00", kind: "guess", title: "x" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("links evidence to hypotheses, enforces link kinds and derives statuses", async () => {
    await addLink(t.db, "cache-oom", { from: "hexdump", to: "rax-leak", type: "refutes", note: "plain SDS keys, not rax nodes" });
    await expect(addLink(t.db, "cache-oom", { from: "rax-leak", to: "hexdump", type: "refutes" })).rejects.toThrow(/cannot "refutes"|must point at/);
    await expect(addLink(t.db, "cache-oom", { from: "hexdump", to: "rax-leak", type: "refutes" })).rejects.toBeInstanceOf(ConflictError);
    await expect(addLink(t.db, "cache-oom", { from: "hexdump", to: "missing", type: "refutes" })).rejects.toBeInstanceOf(NotFoundError);
    const document = await getIncidentDocument(t.db, "cache-oom");
    const rax = assessHypotheses(document.entries, document.links).get("rax-leak")!;
    expect(rax.status).toBe("refuted");
    expect(rax.reason).toContain("plain SDS keys, not rax nodes");
  });

  it("updates entries with optimistic concurrency and requires a reason for overrides", async () => {
    const updated = await updateEntry(t.db, "cache-oom", "rax-leak", { version: 1, body: "Backported rax may leak nodes" }, "ana");
    expect(updated.version).toBe(2);
    await expect(updateEntry(t.db, "cache-oom", "rax-leak", { version: 1, body: "stale" })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateEntry(t.db, "cache-oom", "rax-leak", { version: 2, statusOverride: "confirmed" })).rejects.toBeInstanceOf(InvalidInputError);
    const overridden = await updateEntry(t.db, "cache-oom", "rax-leak", { version: 2, statusOverride: "weakened", statusReason: "dump was partial" });
    expect(overridden.statusOverride).toBe("weakened");
  });

  it("keeps revisions, shows diffs and restores deleted entries with their links", async () => {
    await deleteEntry(t.db, "cache-oom", "hexdump", undefined, "bob");
    let document = await getIncidentDocument(t.db, "cache-oom");
    expect(document.entries.map((entry) => entry.key)).not.toContain("hexdump");
    expect(document.links).toHaveLength(0);

    const revisions = await listRevisions(t.db, "cache-oom");
    const deletion = revisions.find((revision) => revision.entityLabel === "hexdump" && revision.action === "delete")!;
    expect(deletion.author).toBe("bob");
    await restoreRevision(t.db, "cache-oom", deletion.id, "bob");
    document = await getIncidentDocument(t.db, "cache-oom");
    expect(document.entries.map((entry) => entry.key)).toContain("hexdump");
    expect(document.links.map((link) => `${link.from}>${link.type}>${link.to}`)).toEqual(["hexdump>refutes>rax-leak"]);

    const bodyEdit = (await listRevisions(t.db, "cache-oom")).find((revision) => revision.entityLabel === "rax-leak" && revision.snapshot.version === 2)!;
    const { changes } = await getRevision(t.db, "cache-oom", bodyEdit.id);
    expect(changes).toEqual([{ field: "body", before: "", after: "Backported rax may leak nodes" }]);

    const statusChange = (await listRevisions(t.db, "cache-oom")).find((revision) => revision.entityType === "incident" && revision.action === "create")!;
    await restoreRevision(t.db, "cache-oom", statusChange.id);
    const incident = (await getIncidentDocument(t.db, "cache-oom")).incident;
    expect(incident.status).toBe("investigating");
    expect(incident.version).toBe(3);
  });

  it("manages action items and lessons shared between incidents", async () => {
    const item = await addActionItem(t.db, "cache-oom", { title: "Add decrRefCount in GETKEYSINSLOT", owner: "KV team", dueDate: "2024-05-10", type: "corrective" });
    expect(item).toMatchObject({ key: "add-decrrefcount-in-getkeysinslot", status: "open", dueDate: "2024-05-10" });
    await expect(addActionItem(t.db, "cache-oom", { title: "x", externalLink: "javascript:alert(1)" })).rejects.toBeInstanceOf(InvalidInputError);
    await updateActionItem(t.db, "cache-oom", item.key, { version: 1, status: "done" });
    await expect(updateActionItem(t.db, "cache-oom", item.key, { version: 1, status: "open" })).rejects.toBeInstanceOf(ConflictError);

    const lesson = await addLessonToIncident(t.db, "cache-oom", { title: "Keep allocation and release cohesive", tags: ["memory", "c"] });
    await addLessonToIncident(t.db, "disk-full", { slug: lesson.slug });
    await expect(addLessonToIncident(t.db, "disk-full", { slug: lesson.slug })).rejects.toBeInstanceOf(ConflictError);
    expect((await listLessons(t.db)).find((item) => item.slug === lesson.slug)?.incidents.map((i) => i.slug).sort()).toEqual(["cache-oom", "disk-full"]);
    await removeLessonFromIncident(t.db, "disk-full", lesson.slug);
    expect((await listLessons(t.db)).map((item) => item.slug)).toContain(lesson.slug);
  });

  it("stores attachments with sha256, checks image content and enforces the size limit", async () => {
    const attachment = await addAttachment(t.db, "cache-oom", { filename: "graph.png", mediaType: "image/png", caption: "内存曲线", entry: "hexdump" }, PNG_1X1);
    expect(attachment).toMatchObject({ size: PNG_1X1.length, entryKey: "hexdump", caption: "内存曲线" });
    expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { data } = await getAttachmentData(t.db, "cache-oom", attachment.id);
    expect(Buffer.from(data).equals(PNG_1X1)).toBe(true);
    await expect(addAttachment(t.db, "cache-oom", { filename: "x.png", mediaType: "image/png" }, Buffer.from("<svg onload=alert(1)>"))).rejects.toThrow(/not image\/png/);
    await expect(addAttachment(t.db, "cache-oom", { filename: "x.html", mediaType: "text/html" }, Buffer.from("<b>"))).rejects.toBeInstanceOf(InvalidInputError);
    process.env.CASEBOOK_ATTACHMENT_LIMIT_MB = "0.001";
    try {
      await expect(addAttachment(t.db, "cache-oom", { filename: "big.txt", mediaType: "text/plain" }, Buffer.alloc(2_000, 65))).rejects.toBeInstanceOf(PayloadTooLargeError);
    } finally {
      delete process.env.CASEBOOK_ATTACHMENT_LIMIT_MB;
    }
  });

  it("files an analyzer report as evidence with its JSON attached, or not at all", async () => {
    const { entry, attachment } = await attachAnalysisAsEvidence(t.db, "cache-oom", {
      title: "Dump analysis: 97 % of strings hash to foreign slots",
      summaryMarkdown: "| signature | count |\n|---|---|\n| sdshdr8 84/84 | 6,470,000 |",
      report: { verdict: "leaked key copies", runs: 3 },
      reportName: "dump-report.json",
      at: "day 2 10:00",
    });
    expect(entry).toMatchObject({ kind: "evidence", at: "2024-05-02T02:00:00.000Z" });
    expect(attachment).toMatchObject({ filename: "dump-report.json", mediaType: "application/json", entryKey: entry.key });
    const before = (await getIncidentDocument(t.db, "cache-oom")).entries.length;
    process.env.CASEBOOK_ATTACHMENT_LIMIT_MB = "0.0001";
    try {
      await expect(attachAnalysisAsEvidence(t.db, "cache-oom", { title: "Too big", summaryMarkdown: "x", report: { blob: "y".repeat(1_000) } })).rejects.toBeInstanceOf(PayloadTooLargeError);
    } finally {
      delete process.env.CASEBOOK_ATTACHMENT_LIMIT_MB;
    }
    expect((await getIncidentDocument(t.db, "cache-oom")).entries.length).toBe(before);
    await expect(attachAnalysisAsEvidence(t.db, "cache-oom", { title: "No report", summaryMarkdown: "x" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("deletes an incident with everything in it, checking the version when given", async () => {
    await expect(deleteIncident(t.db, "disk-full", 99)).rejects.toBeInstanceOf(ConflictError);
    await deleteIncident(t.db, "disk-full", 1);
    await expect(getIncidentDocument(t.db, "disk-full")).rejects.toBeInstanceOf(NotFoundError);
  });
});
