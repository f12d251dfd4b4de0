import { describe, expect, it } from "vitest";
import { portableIncident, toPortable } from "@/lib/content/portable";
import type { IncidentDocument } from "@/lib/domain";
import { UnprocessableError } from "@/lib/errors";

const STAMP = "2024-01-01T00:00:00.000Z";

function documentFixture(): IncidentDocument {
  const entry = (key: string, at: string, kind: IncidentDocument["entries"][number]["kind"], title: string) => ({
    id: `id-${key}`, key, at, recordedAt: STAMP, kind, title, body: "line\r\nnext", author: "KV team",
    statusOverride: null, statusReason: "", version: 3, createdAt: STAMP, updatedAt: STAMP,
  });
  return {
    incident: {
      id: "inc-1", slug: "redis-leak", title: "Redis\nleak", titleOriginal: "", summary: "s", summaryOriginal: "", originalLanguage: "",
      status: "resolved", severity: "sev2", services: ["redis"], tags: [], timezone: "Asia/Shanghai",
      startedAt: "2019-10-20T03:30:00.000Z", detectedAt: null, resolvedAt: null, impact: "", facts: { version: "3.2.8", system: "redis" },
      rootCause: "", contributingFactors: [], version: 7, createdAt: STAMP, updatedAt: STAMP,
    },
    // Stored in UTC, out of order, as the database might return them.
    entries: [entry("dump", "2019-12-19T10:00:00.000Z", "evidence", "Dump"), entry("alert", "2019-12-19T08:30:00.000Z", "observation", "Alert")],
    links: [],
    actionItems: [
      { id: "a2", key: "second", title: "Second", owner: "", dueDate: null, type: "preventive", status: "open", externalLink: "", position: 2, version: 1 },
      { id: "a1", key: "first", title: "First", owner: "KV", dueDate: "2020-01-31", type: "corrective", status: "done", externalLink: "", position: 1, version: 1 },
    ],
    lessons: [{ id: "le1", slug: "cohesion", title: "Cohesion", body: "b", tags: ["memory"], version: 1 }],
    attachments: [{ id: "att1", filename: "dump.txt", mediaType: "text/plain", size: 2, sha256: "a".repeat(64), caption: "", entryKey: "dump", createdAt: STAMP }],
  };
}

describe("toPortable", () => {
  it("maps a document to the canonical portable form", () => {
    const bytes = Uint8Array.from([1, 2]);
    const portable = toPortable(documentFixture(), new Map([["att1", bytes]]));
    expect(portable.title).toBe("Redis leak");
    expect(portable.startedAt).toBe("2019-10-20T11:30:00+08:00");
    expect(portable.entries.map((entry) => [entry.key, entry.at, entry.body])).toEqual([
      ["alert", "2019-12-19T16:30:00+08:00", "line\nnext"],
      ["dump", "2019-12-19T18:00:00+08:00", "line\nnext"],
    ]);
    expect(Object.keys(portable.facts)).toEqual(["system", "version"]);
    expect(portable.actionItems.map((item) => item.key)).toEqual(["first", "second"]);
    expect(portable.attachments[0]).toMatchObject({ filename: "dump.txt", entry: "dump", data: bytes });
    expect(portable).not.toHaveProperty("id");
    expect(portable.entries[0]).not.toHaveProperty("version");
  });

  it("rejects a document whose parts do not fit together, naming each path", () => {
    const doc = documentFixture();
    doc.links.push({ id: "l2", from: "dump", to: "ghost", type: "supports", note: "", createdAt: STAMP });
    doc.links.push({ id: "l3", from: "alert", to: "dump", type: "supersedes", note: "", createdAt: STAMP });
    doc.attachments[0].entryKey = "ghost";
    doc.entries[1].statusOverride = "refuted";
    try {
      toPortable(doc);
      throw new Error("expected a rejection");
    } catch (error) {
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).issues).toEqual(
        expect.arrayContaining([
          { path: "entries[1].statusReason", message: "a status override needs a stated reason" },
          { path: "entries[1].statusOverride", message: "only hypotheses have a status" },
          { path: "links[0].to", message: 'there is no entry with key "ghost"' },
          { path: "links[1].type", message: '"supersedes" links entries of the same kind (observation → evidence)' },
          { path: "attachments[0].entry", message: 'there is no entry with key "ghost"' },
        ]),
      );
    }
  });
});

describe("portableIncident cross-checks", () => {
  const base = {
    slug: "x",
    title: "X",
    entries: [
      { key: "h", at: "2024-01-01T00:00:00Z", kind: "hypothesis", title: "H" },
      { key: "e", at: "2024-01-01T01:00:00Z", kind: "evidence", title: "E" },
    ],
  };

  it("accepts consistent input and applies defaults", () => {
    const incident = portableIncident({ ...base, links: [{ from: "e", to: "h", type: "supports" }] });
    expect(incident.timezone).toBe("UTC");
    expect(incident.entries[0]).toMatchObject({ body: "", author: "", statusOverride: null, statusReason: "" });
    expect(incident.links[0].note).toBe("");
  });

  it("rejects duplicate links, self links and marker syntax in titles", () => {
    const attempt = () =>
      portableIncident({
        ...base,
        entries: [...base.entries, { key: "n", at: "2024-01-01T02:00:00Z", kind: "note", title: "see <!-- casebook:entry -->" }],
        links: [
          { from: "e", to: "h", type: "supports" },
          { from: "e", to: "h", type: "supports" },
          { from: "e", to: "e", type: "supersedes" },
        ],
      });
    expect(attempt).toThrow(UnprocessableError);
    try {
      attempt();
    } catch (error) {
      const paths = ((error as UnprocessableError).issues ?? []).map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(["entries[2].title", "links[1]", "links[2].to"]));
    }
  });
});
