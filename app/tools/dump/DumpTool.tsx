"use client";

import { useState, type FormEvent } from "react";
import type { DumpReport } from "@/lib/analyzers/dump/report";
import { DUMP_BODY_LIMIT_BYTES, dumpCliCommand, type DumpFormOptions } from "@/lib/analyze/dump-cli-command";
import { Field, FormError } from "../../_components/FormMessages";
import { useApiAction } from "../../_components/use-api-action";
import { AttachToIncident, type AttachOption, type FiledEvidence, type IncidentChoice } from "../../_components/tools/AttachToIncident";
import { postDump, type DumpBody, type FiledDump } from "./dump-api";
import { DumpOptionsFields } from "./DumpOptionsFields";
import { DumpReportView } from "./DumpReportView";
import { ToolModeTabs } from "../../_components/tools/ToolModeTabs";

type Mode = "upload" | "paste";

const LIMIT_MB = DUMP_BODY_LIMIT_BYTES / (1024 * 1024);

/** Upload a core / raw dump or paste a hexdump; the report, and filing it as evidence. */
export function DumpTool({ incidents, serverUrl }: { incidents: IncidentChoice[]; serverUrl: string }) {
  const [mode, setMode] = useState<Mode>("paste");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [form, setForm] = useState<DumpFormOptions>({});
  const [shown, setShown] = useState<{ report: DumpReport; body: DumpBody; form: DumpFormOptions } | null>(null);
  const { pending, error, run } = useApiAction();
  const tooLarge = mode === "upload" && file !== null && file.size > DUMP_BODY_LIMIT_BYTES;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (tooLarge) return;
    const body: DumpBody = mode === "upload" && file ? { kind: "file", file } : { kind: "text", text };
    const sent = { ...form };
    const result = await run(() => postDump(body, sent), { refresh: false });
    if (result.ok) setShown({ report: result.data, body, form: sent });
  }

  /** Sends the same dump again with `attach`: the server files the report it computes. */
  async function attach(option: AttachOption): Promise<FiledEvidence> {
    if (!shown) throw new Error("analyze a dump first");
    const filed = await postDump<FiledDump>(shown.body, shown.form, option);
    setShown({ ...shown, report: filed.result });
    return filed.evidence;
  }

  return (
    <>
      <ToolModeTabs modes={[{ id: "paste", label: "Paste a hexdump" }, { id: "upload", label: "Upload a dump file" }]} mode={mode} onChange={setMode} />
      <form className="form-grid tool-form" onSubmit={submit} data-testid="dump-form">
        {mode === "paste" ? (
          <Field label="Hexdump" field="hexdump" error={error} hint="hexdump -C, xxd or gdb x/Nxb output; unreadable lines are reported by number, not fatal." wide>
            <textarea rows={12} value={text} onChange={(event) => setText(event.target.value)} required className="mono" spellCheck={false} data-testid="dump-hexdump" />
          </Field>
        ) : (
          <Field label="Dump file" field="file" error={error} hint={`ELF core (gcore), raw dump (gdb dump memory) or hexdump text; up to ${LIMIT_MB} MB here.`} wide>
            <input type="file" onChange={(event) => setFile(event.target.files?.[0] ?? null)} required data-testid="dump-file" />
          </Field>
        )}
        {tooLarge && file && (
          <div className="wide card dump-too-large" role="alert" data-testid="dump-too-large">
            <p>
              {file.name} is {(file.size / (1024 * 1024)).toFixed(0)} MB, over the {LIMIT_MB} MB upload limit. Run the analyzer where the file is — it streams the dump and uses every core:
            </p>
            <pre className="mono" data-testid="dump-cli-command">
              {dumpCliCommand(file.name, form, { attach: "SLUG", server: serverUrl })}
            </pre>
            {form.clusterNodes?.trim() && <p className="small muted">Save the CLUSTER NODES text you pasted as cluster-nodes.txt next to it first.</p>}
            <p className="small muted">Replace SLUG with the incident to file the report on, or leave out --attach and --server to just print it.</p>
          </div>
        )}
        <DumpOptionsFields form={form} setForm={setForm} error={error} />
        <div className="form-actions wide">
          <FormError error={error} testId="dump-error" />
          <button type="submit" className="button primary" disabled={pending || tooLarge} data-testid="dump-submit">
            {pending ? "Analyzing…" : "Analyze"}
          </button>
        </div>
      </form>
      {shown && (
        <section className="page-section tool-result" data-testid="dump-result">
          <div className="tool-result-heading">
            <h2>SDS strings in the dump</h2>
          </div>
          <DumpReportView report={shown.report} />
          <AttachToIncident incidents={incidents} attach={attach} />
        </section>
      )}
    </>
  );
}
