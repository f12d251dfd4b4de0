/**
 * The dump tool's form options as query parameters, and the equivalent `casebook dump analyze …` command
 * for dumps over the upload limit. Plain code without Node or zod imports: the web page runs it in the browser.
 */

/**
 * Uploads above this go through the CLI, which streams the file and uses both cores. The API scans in
 * the request's thread, so the limit also bounds how long one request holds the server (well under a second).
 */
export const DUMP_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** What the web form collects, named like the API's query parameters. */
export interface DumpFormOptions {
  format?: string;
  base?: string;
  anonOnly?: string;
  align?: string;
  minLen?: string;
  maxLen?: string;
  content?: string;
  slots?: string;
  clusterNodes?: string;
  node?: string;
  dbsize?: string;
}

const FORM_KEYS: (keyof DumpFormOptions)[] = ["format", "base", "anonOnly", "align", "minLen", "maxLen", "content", "slots", "clusterNodes", "node", "dbsize"];

/** Query string for POST /api/v1/analyze/dump: blank fields are left out, attach adds the incident. */
export function dumpQueryString(form: DumpFormOptions, attach?: { slug: string; title?: string }): string {
  const params = new URLSearchParams();
  for (const key of FORM_KEYS) {
    const value = form[key]?.trim();
    if (value) params.set(key, key === "clusterNodes" ? (form[key] ?? "") : value);
  }
  if (attach) {
    params.set("attach", attach.slug);
    if (attach.title) params.set("title", attach.title);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Quotes a shell word only when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The CLI command equivalent to the form. CLUSTER NODES text has to be saved to a file first
 * (`clusterNodesFile` names it); `attach` adds --attach/--server.
 */
export function dumpCliCommand(
  fileName: string,
  form: DumpFormOptions,
  extra: { clusterNodesFile?: string; attach?: string; server?: string } = {},
): string {
  const words = ["casebook", "dump", "analyze", shellWord(fileName || "FILE")];
  const flag = (name: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== "") words.push(`--${name}`, shellWord(value.trim()));
  };
  if (form.format && form.format !== "auto") flag("format", form.format);
  flag("base", form.base);
  // The CLI scans anonymous memory only unless told otherwise, like the API.
  if (form.anonOnly === "false" || form.anonOnly === "0") words.push("--all-regions");
  flag("align", form.align);
  flag("min-len", form.minLen);
  flag("max-len", form.maxLen);
  if (form.content && form.content !== "printable") flag("content", form.content);
  if (form.slots?.trim()) flag("slots", form.slots.replace(/\s+/g, ""));
  else if (form.clusterNodes?.trim()) {
    flag("cluster-nodes", extra.clusterNodesFile ?? "cluster-nodes.txt");
    flag("node", form.node);
  }
  flag("dbsize", form.dbsize);
  if (extra.attach) {
    flag("attach", extra.attach);
    flag("server", extra.server);
  }
  return words.join(" ");
}
