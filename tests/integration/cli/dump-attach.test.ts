/** `casebook dump analyze FILE --attach SLUG --server URL`: against a local HTTP server that records what it is sent. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "@/lib/cli/main";
import { captureIO } from "../../fixtures/git/cli-io";
import { tempFile, workedExampleCore } from "../../fixtures/dump/scenarios";

interface RecordedRequest {
  url: string;
  authorization?: string;
  body: { title: string; summaryMarkdown: string; report: { strings: { total: number }; verdict: { summary: string } }; reportName: string };
}

let server: Server;
let serverUrl: string;
let recorded: RecordedRequest[] = [];
let reply: { status: number; body: unknown } = { status: 201, body: {} };
const dump = tempFile(workedExampleCore(500).core, "core.500");

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      recorded.push({ url: request.url ?? "", authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  });
  serverUrl = await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  dump.cleanup();
});

beforeEach(() => {
  recorded = [];
  reply = { status: 201, body: { entry: { key: "e-9" }, attachment: { id: "a-2" } } };
});

describe("casebook dump analyze --attach", () => {
  it("files the report as evidence (Markdown summary + JSON) and keeps stdout as without --attach", async () => {
    const plain = captureIO();
    expect(await runCli(["dump", "analyze", dump.file, "--slots", "0-1000", "--json"], plain)).toBe(0);

    const io = captureIO();
    const code = await runCli(["dump", "analyze", dump.file, "--slots", "0-1000", "--json", "--attach", "redis-slot-migration-leak", "--server", serverUrl, "--token", "t0k"], io);
    expect(code, io.errors()).toBe(0);
    expect(io.output()).toBe(plain.output());
    expect(io.errors()).toBe(`filed as evidence entry e-9 on redis-slot-migration-leak: ${serverUrl}/incidents/redis-slot-migration-leak#entry-e-9\n`);
    expect(recorded).toHaveLength(1);
    const [request] = recorded;
    expect(request).toMatchObject({ url: "/api/v1/incidents/redis-slot-migration-leak/evidence", authorization: "Bearer t0k" });
    const report = JSON.parse(plain.output()) as RecordedRequest["body"]["report"];
    expect(request.body.report).toEqual(report);
    expect(request.body).toMatchObject({ title: `Memory dump: ${report.verdict.summary}`.slice(0, 300), reportName: "dump-report.json" });
    expect(request.body.summaryMarkdown).toMatch(/^\*\*Verdict:\*\* .*contiguous run/m);
    expect(request.body.summaryMarkdown).toMatch(/^### Contiguous runs$/m);
  });

  it("takes --title, and exits 2 with one line when the server refuses", async () => {
    const titled = captureIO();
    expect(await runCli(["dump", "analyze", dump.file, "--attach", "cache-oom", "--server", serverUrl, "--title", "core of replica 3"], titled)).toBe(0);
    expect(recorded[0].body.title).toBe("core of replica 3");

    reply = { status: 404, body: { error: 'no incident with slug "nope"' } };
    const refused = captureIO();
    expect(await runCli(["dump", "analyze", dump.file, "--attach", "nope", "--server", serverUrl], refused)).toBe(2);
    expect(refused.errors()).toBe('casebook dump analyze: the server refused the evidence (HTTP 404): no incident with slug "nope"\n');
  });

  it("checks the attach options before reading the dump", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["dump", "analyze", "/no/such/core", "--attach", "cache-oom"], /--attach needs --server URL/],
      [["dump", "analyze", "/no/such/core", "--server", serverUrl], /--server only applies with --attach SLUG/],
      [["dump", "analyze", "/no/such/core", "--attach", "Cache OOM", "--server", serverUrl], /--attach needs an incident slug/],
    ];
    for (const [args, message] of cases) {
      const io = captureIO();
      expect(await runCli(args, io), args.join(" ")).toBe(2);
      expect(io.output()).toBe("");
      expect(io.errors()).toMatch(message);
    }
    expect(recorded).toHaveLength(0);
  });
});
