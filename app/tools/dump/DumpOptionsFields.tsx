"use client";

import type { DumpFormOptions } from "@/lib/analyze/dump-cli-command";
import type { ApiError } from "../../_components/api-client";
import { Field } from "../../_components/FormMessages";

/** Node's HTTP server refuses request heads over 16 KiB; the percent-encoded listing must fit with room to spare. */
const CLUSTER_TEXT_LIMIT = 8000;

/** The analyzer's options, named like the API's query parameters (issues come back under those names). */
export function DumpOptionsFields({ form, setForm, error }: { form: DumpFormOptions; setForm: (form: DumpFormOptions) => void; error: ApiError | null }) {
  const set = (key: keyof DumpFormOptions) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  return (
    <details className="wide dump-options" open data-testid="dump-options">
      <summary>Options</summary>
      <div className="form-grid compact">
        <Field label="Format" field="format" error={error} hint="Detected by default.">
          <select value={form.format ?? "auto"} onChange={set("format")} data-testid="dump-format">
            <option value="auto">auto</option>
            <option value="elf">ELF core</option>
            <option value="raw">raw memory</option>
            <option value="hexdump">hexdump text</option>
          </select>
        </Field>
        <Field label="Base address" field="base" error={error} hint="Of a raw dump's first byte, or added to hexdump offsets.">
          <input value={form.base ?? ""} onChange={set("base")} placeholder="0x7f3a00000000" className="mono" data-testid="dump-base" />
        </Field>
        <Field label="Regions" field="anonOnly" error={error} hint="File-backed mappings of a core hold look-alike text.">
          <select value={form.anonOnly ?? "true"} onChange={set("anonOnly")} data-testid="dump-anon-only">
            <option value="true">anonymous memory only</option>
            <option value="false">all regions</option>
          </select>
        </Field>
        <Field label="Alignment" field="align" error={error} hint="Allocation alignment in bytes; 1 disables. Default 8.">
          <input value={form.align ?? ""} onChange={set("align")} inputMode="numeric" placeholder="8" data-testid="dump-align" />
        </Field>
        <Field label="Minimum length" field="minLen" error={error} hint="Shortest string to report. Default 4.">
          <input value={form.minLen ?? ""} onChange={set("minLen")} inputMode="numeric" placeholder="4" data-testid="dump-min-len" />
        </Field>
        <Field label="Content" field="content" error={error}>
          <select value={form.content ?? "printable"} onChange={set("content")} data-testid="dump-content">
            <option value="printable">printable</option>
            <option value="utf8">UTF-8</option>
            <option value="any">any bytes</option>
          </select>
        </Field>
        <Field label="Node's slots" field="slots" error={error} hint="Ranges such as 0-5460,10923 — or paste CLUSTER NODES below.">
          <input value={form.slots ?? ""} onChange={set("slots")} className="mono" data-testid="dump-slots" />
        </Field>
        <Field label="Keys held (DBSIZE)" field="dbsize" error={error}>
          <input value={form.dbsize ?? ""} onChange={set("dbsize")} inputMode="numeric" data-testid="dump-dbsize" />
        </Field>
        <Field
          label="CLUSTER NODES output"
          field="clusterNodes"
          error={error}
          hint={`Or CLUSTER SLOTS as redis-cli prints it. It travels in the URL: up to ${CLUSTER_TEXT_LIMIT.toLocaleString("en")} characters — for larger clusters give the node's slots above.`}
          wide
        >
          <textarea rows={3} value={form.clusterNodes ?? ""} onChange={set("clusterNodes")} maxLength={CLUSTER_TEXT_LIMIT} className="mono" spellCheck={false} data-testid="dump-cluster-nodes" />
        </Field>
        <Field label="Node" field="node" error={error} hint="Id, id prefix or ip:port of the dumped node; default: the one marked myself.">
          <input value={form.node ?? ""} onChange={set("node")} className="mono" data-testid="dump-node" />
        </Field>
      </div>
    </details>
  );
}
