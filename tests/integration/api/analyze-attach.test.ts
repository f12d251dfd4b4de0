import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as backportsRoute from "@/app/api/v1/analyze/backports/route";
import * as diffRoute from "@/app/api/v1/analyze/diff/route";
import * as attachmentRoute from "@/app/api/v1/incidents/[slug]/attachments/[id]/route";
import * as incidentsRoute from "@/app/api/v1/incidents/route";
import * as incidentRoute from "@/app/api/v1/incidents/[slug]/route";
import { OWNERSHIP_FIXTURES } from "../../fixtures/git/ownership-repo";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "./call-route";

const FLIP_DIFF = readFileSync(path.join(OWNERSHIP_FIXTURES, "db-flip.diff"), "utf8");
const SLUG = "slot-index-backport";

interface IncidentDocument {
  entries: { key: string; kind: string; title: string; body: string; author: string }[];
  attachments: { id: string; filename: string; mediaType: string; entryKey: string | null }[];
}

describe.each(databaseKinds)("analysis filed as evidence on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "analyze");
    restoreDatabase = await useAsDefaultDatabase(t);
    const created = await call(incidentsRoute.POST, {
      method: "POST",
      json: { slug: SLUG, title: "Slot index backport leaks keys", timezone: "UTC", detectedAt: "2024-03-01T09:00:00Z" },
    });
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  const document = async () => (await call(incidentRoute.GET, { params: { slug: SLUG } })).body as IncidentDocument;

  it("files a diff review as an evidence entry with the JSON report attached", async () => {
    const response = await call(diffRoute.POST, {
      method: "POST",
      json: { diff: FLIP_DIFF, attach: { slug: SLUG } },
      headers: { "x-casebook-author": "reviewer" },
    });
    expect(response.status, response.text).toBe(200);
    const body = response.body as { result: { findings: { function: string }[] }; evidence: { entryKey: string; attachmentId: string } };
    expect(body.result.findings.map((finding) => finding.function)).toEqual(["getKeysInSlot"]);

    const { entries, attachments } = await document();
    const entry = entries.find((candidate) => candidate.key === body.evidence.entryKey);
    expect(entry).toMatchObject({ kind: "evidence", title: "Diff review: 1 finding — getKeysInSlot (ownership-change)", author: "reviewer" });
    expect(entry!.body).toMatch(/^### Diff review by feature\n[^]*^##### Ownership change: `getKeysInSlot`/m);
    const attachment = attachments.find((candidate) => candidate.id === body.evidence.attachmentId);
    expect(attachment).toMatchObject({ filename: "diff-review.json", mediaType: "application/json", entryKey: body.evidence.entryKey });

    const download = await call(attachmentRoute.GET, { params: { slug: SLUG, id: body.evidence.attachmentId } });
    expect(download.status).toBe(200);
    expect(download.body).toEqual(body.result);
  });

  it("files a pasted-log classification under the title given", async () => {
    const log = "a1b2c3d4e5 (tag: 3.2.9) Fix fd leak in anetUnixGenericConnect()\nb2c3d4e5f6 Update docs\n";
    const response = await call(backportsRoute.POST, { method: "POST", json: { log, attach: { slug: SLUG, title: "Fixes in the 3.2 log" } } });
    expect(response.status, response.text).toBe(200);
    const { evidence } = response.body as { evidence: { entryKey: string } };
    const { entries, attachments } = await document();
    const entry = entries.find((candidate) => candidate.key === evidence.entryKey)!;
    expect(entry).toMatchObject({ kind: "evidence", title: "Fixes in the 3.2 log" });
    expect(entry.body).toMatch(/```text\nFormat: oneline; 2 entries, 1 look like memory-safety fixes/);
    expect(attachments.filter((attachment) => attachment.entryKey === evidence.entryKey).map((attachment) => attachment.filename)).toEqual(["pasted-log.json"]);
  });

  it("answers an unknown incident with 404 and files nothing for bad input", async () => {
    const before = (await document()).entries.length;
    const unknown = await call(diffRoute.POST, { method: "POST", json: { diff: FLIP_DIFF, attach: { slug: "no-such-incident" } } });
    expect(unknown.status).toBe(404);
    expect((unknown.body as { error: string }).error).toBe('no incident with slug "no-such-incident"');
    const broken = await call(diffRoute.POST, { method: "POST", json: { diff: "not a diff\n", attach: { slug: SLUG } } });
    expect(broken.status).toBe(422);
    expect((await document()).entries.length).toBe(before);
  });
});
