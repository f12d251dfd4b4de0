import { hypothesisGraphMermaid } from "@/lib/diagrams/hypothesis-graph";
import { timelineMermaid } from "@/lib/diagrams/timeline";
import type { IncidentDocument } from "@/lib/domain/incident-document";
import { MermaidDiagram } from "../MermaidDiagram";

/** The hypothesis/evidence graph (coloured by status) and the timeline, drawn by mermaid in the browser. */
export function IncidentDiagrams({ document }: { document: IncidentDocument }) {
  const graph = hypothesisGraphMermaid(document);
  const timeline = timelineMermaid(document);
  return (
    <div className="diagrams">
      <div className="diagram-block">
        <h3>Hypotheses and evidence</h3>
        <p className="muted small">Hexagons are hypotheses, coloured by status: blue supported, amber weakened, red refuted, green confirmed.</p>
        <MermaidDiagram source={graph} label="Hypotheses and the evidence linked to them" testId="hypothesis-graph" />
        <details className="no-print">
          <summary>Mermaid source</summary>
          <pre className="diagram-source" data-testid="hypothesis-graph-source">
            {graph}
          </pre>
        </details>
      </div>
      <div className="diagram-block">
        <h3>Timeline</h3>
        <MermaidDiagram source={timeline} label="Timeline of the incident by day" testId="timeline-diagram" />
        <details className="no-print">
          <summary>Mermaid source</summary>
          <pre className="diagram-source">{timeline}</pre>
        </details>
      </div>
    </div>
  );
}
