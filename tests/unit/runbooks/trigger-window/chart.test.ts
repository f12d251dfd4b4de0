import { describe, expect, it } from "vitest";
import { analyzeTriggerWindow } from "@/lib/runbooks/trigger-window/analyze";
import { escapeXml, renderTriggerWindowSvg } from "@/lib/runbooks/trigger-window/chart";
import { renderTriggerWindowText } from "@/lib/runbooks/trigger-window/render-text";
import { seriesCsv } from "./synthetic";

const MB = 1024 * 1024;
const EVENTS = [
  `2019-10-20T02:16:00Z <script>alert("x")</script> & slot migration 'started'`,
  "2019-10-20T02:17:30Z Failover election won",
  "2019-10-20T09:00:00Z deploy web",
].join("\n");

describe("trigger-window chart and text", () => {
  const result = analyzeTriggerWindow(seriesCsv(300, (i) => 10 * MB + (i >= 137 ? 20 * MB : 0), 0.5 * MB, 3), EVENTS);

  it("collects the events in the window of the step", () => {
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0].events.map((event) => [event.kind, event.offsetSeconds])).toEqual([
      ["slot-migration", -30],
      ["failover", 60],
    ]);
    expect(result.suggestedFacts).toEqual({ symptoms: ["step-growth"], events: ["failover", "slot-migration"] });
  });

  it("draws the series, the change and the events with every text escaped", () => {
    const svg = renderTriggerWindowSvg(result);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; slot migration &#39;started&#39;");
    expect(svg.match(/<g class="change">/g)).toHaveLength(1);
    // The 09:00 deploy is after the series ends (05:00): listed, not drawn.
    expect(result.events).toHaveLength(3);
    expect(svg.match(/<g class="event">/g)).toHaveLength(2);
    // Every tag that opens is closed: a structural check without an XML parser.
    const opened = (svg.match(/<(svg|g|title|text)[\s>]/g) ?? []).length;
    const closed = (svg.match(/<\/(svg|g|title|text)>/g) ?? []).length;
    expect(closed).toBe(opened);
  });

  it("escapes the characters that matter in XML and drops control characters", () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&#39;");
  });

  it("summarises for the terminal", () => {
    const text = renderTriggerWindowText(result);
    expect(text).toMatch(/^Memory grew in 1 step\(s\): 2019-10-20T02:16:30Z \(\+21(\.\d)?M; 2 event\(s\) in the window\)/);
    expect(text).toContain("[slot-migration]");
    expect(text).toContain("Record on the incident: symptoms: step-growth; events: failover, slot-migration");
  });
});
