/**
 * Runs mermaid's own flowchart parser in Node. Mermaid sanitises labels with DOMPurify, which needs a
 * browser DOM; the tests check what the parser makes of our source, not the sanitiser, so DOMPurify's
 * hooks are stubbed (on the same module instance mermaid imports) before mermaid loads.
 */
export interface ParsedVertex {
  id: string;
  text: string;
  classes: string[];
  haveCallback?: boolean;
  link?: string;
}

export interface ParsedFlowchart {
  /** Configuration set by directives in the source (`%%{init}%%`); empty when there are none. */
  config: Record<string, unknown>;
  vertices: ParsedVertex[];
  edges: { start: string; end: string; text: string }[];
  subGraphs: { id: string; title: string; nodes: string[] }[];
  tooltip(id: string): string | undefined;
}

interface FlowDbLike {
  getVertices(): Map<string, ParsedVertex>;
  getEdges(): ParsedFlowchart["edges"];
  getSubGraphs(): ParsedFlowchart["subGraphs"];
  getTooltip(id: string): string | undefined;
}

let loaded: Promise<typeof import("mermaid").default> | null = null;
async function loadMermaid() {
  loaded ??= (async () => {
    const { default: purify } = await import("dompurify");
    Object.assign(purify as object, {
      sanitize: (text: string) => text,
      addHook: () => undefined,
      removeHook: () => undefined,
      removeHooks: () => undefined,
      removeAllHooks: () => undefined,
    });
    return (await import("mermaid")).default;
  })();
  return loaded;
}

/** Mermaid keeps entity codes as placeholders until drawing; this turns them back into characters. */
export function decodeMermaidText(text: string): string {
  const named: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", nbsp: "\u00a0" };
  return text
    .replace(/ﬂ°°(\d+)¶ß/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (_, name: string) => named[name] ?? `&${name};`);
}

export async function parseFlowchart(source: string): Promise<ParsedFlowchart> {
  const mermaid = await loadMermaid();
  const result = await mermaid.parse(source);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db as unknown as FlowDbLike;
  return {
    config: (result as unknown as { config?: Record<string, unknown> }).config ?? {},
    vertices: [...db.getVertices().values()].map((vertex) => ({ ...vertex, text: decodeMermaidText(vertex.text) })),
    edges: db.getEdges().map((edge) => ({ ...edge, text: decodeMermaidText(edge.text) })),
    subGraphs: db.getSubGraphs().map((graph) => ({ ...graph, title: decodeMermaidText(graph.title) })),
    tooltip: (id) => db.getTooltip(id),
  };
}
