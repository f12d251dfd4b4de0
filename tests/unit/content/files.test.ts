import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readContentDir, scanContentDir, writeContentDir } from "@/lib/content/files";
import { portableIncident, type PortableIncident } from "@/lib/content/portable";
import { UnprocessableError } from "@/lib/errors";
import { awkwardIncident } from "./awkward-incidents";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

function withAttachment(seed: number): PortableIncident {
  const input = awkwardIncident(seed);
  return portableIncident({
    ...input,
    attachments: [
      { filename: "memory graph (odin).png", mediaType: "image/png", caption: "Memory <step>", entry: "entry-1", sha256: sha256(PNG), size: PNG.byteLength, data: PNG },
    ],
  });
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-content-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<UnprocessableError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableError);
    return error as UnprocessableError;
  }
  throw new Error("expected a rejection");
}

describe("content folders", () => {
  it("writes .md files and attachment bytes, and reads them back identically", async () => {
    const incidents = [withAttachment(1), portableIncident(awkwardIncident(2))];
    const written = await writeContentDir(dir, incidents);
    expect(written.map((file) => path.relative(dir, file)).sort()).toEqual(["awkward-1.files/memory graph (odin).png", "awkward-1.md", "awkward-2.md"]);
    expect(fs.readFileSync(path.join(dir, "awkward-1.md"), "utf8")).toContain("](awkward-1.files/memory%20graph%20%28odin%29.png)");

    const back = await readContentDir(dir);
    expect(back).toEqual(incidents);
    expect(Array.from(back[0].attachments[0].data!)).toEqual(Array.from(PNG));

    const before = fs.readFileSync(path.join(dir, "awkward-1.md"), "utf8");
    await writeContentDir(dir, back);
    expect(fs.readFileSync(path.join(dir, "awkward-1.md"), "utf8")).toBe(before);
  });

  it("a missing folder holds no incidents", async () => {
    expect(await readContentDir(path.join(dir, "nope"))).toEqual([]);
  });

  it("is all-or-nothing: problems of every file in one error, nothing returned", async () => {
    await writeContentDir(dir, [withAttachment(1), portableIncident(awkwardIncident(2)), portableIncident(awkwardIncident(3))]);
    const one = path.join(dir, "awkward-1.md");
    const two = path.join(dir, "awkward-2.md");
    fs.writeFileSync(one, fs.readFileSync(one, "utf8").replace("severity: sev2", "severity: sev9"));
    fs.writeFileSync(two, fs.readFileSync(two, "utf8").replace('"kind":"evidence"', '"kind":"clue"'));

    const scan = await scanContentDir(dir);
    expect(scan.incidents).toEqual([]);
    expect(scan.issues.map((issue) => issue.path.replace(/:\d+$/, ""))).toEqual([one, two]);

    const error = await rejection(readContentDir(dir));
    expect(error.issues).toEqual(scan.issues);
    expect(error.message).toContain(`${one}:`);
    expect(error.message).toContain(`${two}:`);
    for (const issue of error.issues!) expect(issue.path).toMatch(/\.md:\d+$/);
  });

  it("checks attachment bytes against the marker: missing file, changed bytes, stray file", async () => {
    await writeContentDir(dir, [withAttachment(1)]);
    const filesDir = path.join(dir, "awkward-1.files");
    const markerLine = fs.readFileSync(path.join(dir, "awkward-1.md"), "utf8").split("\n").findIndex((line) => line.includes("casebook:attachment")) + 1;

    fs.writeFileSync(path.join(filesDir, "memory graph (odin).png"), "changed");
    fs.writeFileSync(path.join(filesDir, "stray.txt"), "x");
    const changed = await scanContentDir(dir);
    expect(changed.issues).toEqual([
      { path: `${path.join(dir, "awkward-1.md")}:${markerLine}`, message: expect.stringMatching(/is 7 bytes, but the marker says size 11/) },
      { path: `${path.join(dir, "awkward-1.md")}:${markerLine}`, message: expect.stringMatching(/has sha256 [0-9a-f]{64}, but the marker says/) },
      { path: `${path.join(dir, "awkward-1.md")}:1`, message: expect.stringMatching(/stray\.txt is not listed under Attachments/) },
    ]);

    fs.rmSync(filesDir, { recursive: true });
    const missing = await scanContentDir(dir);
    expect(missing.issues).toEqual([{ path: `${path.join(dir, "awkward-1.md")}:${markerLine}`, message: expect.stringMatching(/is missing/) }]);
  });

  it("reports an attachment folder without its incident file", async () => {
    fs.mkdirSync(path.join(dir, "ghost.files"));
    expect((await scanContentDir(dir)).issues).toEqual([{ path: `${path.join(dir, "ghost.files")}:1`, message: expect.stringMatching(/without an incident file ghost\.md/) }]);
  });

  it("requires a lesson shared by two incidents to be identical in both", async () => {
    const first = portableIncident(awkwardIncident(1));
    const second = portableIncident({ ...awkwardIncident(2), lessons: [{ ...first.lessons[0], body: "a different text" }] });
    await writeContentDir(dir, [first, second]);
    const { issues } = await scanContentDir(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toMatch(/awkward-2\.md:\d+$/);
    expect(issues[0].message).toMatch(/lesson "lesson-1" differs from the one at .*awkward-1\.md:\d+/);
  });

  it("refuses to write attachments without bytes, before writing anything", async () => {
    const incident = withAttachment(1);
    const { data: _dropped, ...metadataOnly } = incident.attachments[0];
    const error = await rejection(writeContentDir(dir, [portableIncident(awkwardIncident(2)), { ...incident, attachments: [metadataOnly] }]));
    expect(error.issues![0].message).toMatch(/has no bytes/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("removes attachment files that are no longer listed when rewriting an incident", async () => {
    await writeContentDir(dir, [withAttachment(1)]);
    await writeContentDir(dir, [{ ...withAttachment(1), attachments: [] }]);
    expect(fs.existsSync(path.join(dir, "awkward-1.files"))).toBe(false);
    expect(await readContentDir(dir)).toHaveLength(1);
  });
});
