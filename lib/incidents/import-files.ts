import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { readContentDir } from "../content/files";
import type { Db } from "../db/client";
import { parseInput } from "../validation/parse";
import { importPortables, type ImportResult } from "./import-export";

/** What the import API accepts: content files by name, attachment bytes as base64 by relative path. */
export const contentUploadSchema = z
  .object({
    files: z
      .record(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.md$/, "file names look like <slug>.md"), z.string().max(5_000_000))
      .refine((files) => Object.keys(files).length > 0, "send at least one file")
      .refine((files) => Object.keys(files).length <= 2_000, "at most 2,000 files per import"),
    attachments: z
      .record(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.files\/[^/\\]+$/, "attachment paths look like <slug>.files/<file name>"), z.base64())
      .default({}),
  })
  .strict();

/**
 * Imports uploaded content files through exactly the path `casebook import` uses (a folder on disk),
 * so the API and the CLI validate and import identically — all or nothing.
 */
export async function importContentFiles(db: Db, upload: unknown): Promise<ImportResult & { files: number }> {
  const { files, attachments } = parseInput(contentUploadSchema, upload, "import");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "casebook-import-"));
  try {
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text, "utf8");
    for (const [relative, base64] of Object.entries(attachments)) {
      await fs.mkdir(path.join(dir, path.dirname(relative)), { recursive: true });
      await fs.writeFile(path.join(dir, relative), Buffer.from(base64, "base64"));
    }
    const incidents = await readContentDir(dir);
    return { ...(await importPortables(db, incidents, "api import")), files: incidents.length };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
