/** `casebook backports|diff-review --attach SLUG --server URL`: against a local HTTP server that records what it is sent. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "@/lib/cli/main";
import { captureIO } from "../../fixtures/git/cli-io";
import { OWNERSHIP_FIXTURES } from "../../fixtures/git/ownership-repo";

interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body: { title: string; summaryMarkdown: string; report: unknown; reportName: string };
}

const FLIP_DIFF = path.join(OWNERSHIP_FIXTURES, "db-flip.diff");
const ONELINE_LOG = "a1b2c3d4e5 (tag: 3.2.9) Fix fd leak in anetUnixGenericConnect()\nb2c3d4e5f6 Update docs\n";

let server: Server;
let serverUrl: string;
let recorded: RecordedRequest[] = [];
/** What the fake Casebook answers next. */
let reply: { status: number; body: unknown } = { status: 201, body: {} };

function listen(target: Server): Promise<string> {
  return new Promise((resolve) => target.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(target.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      recorded.push({
        method: request.method ?? "",
        url: request.url ?? "",
        authorization: request.headers.authorization,
        contentType: request.headers["content-type"],
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  });
  serverUrl = await listen(server);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

beforeEach(() => {
  recorded = [];
  reply = { status: 201, body: { entry: { key: "e-7" }, attachment: { id: "a-1" } } };
});

describe("--attach on the analyzer commands", () => {
  it("diff-review files its result and says where, keeping exit code 1 for findings and stdout as before", async () => {
    const plain = captureIO();
    expect(await runCli(["diff-review", "--diff", FLIP_DIFF], plain)).toBe(1);

    const io = captureIO();
    const code = await runCli(["diff-review", "--diff", FLIP_DIFF, "--attach", "redis-slot-migration-leak", "--server", serverUrl, "--token", "s3cret"], io);
    expect(code).toBe(1);
    expect(io.output()).toBe(plain.output());
    expect(io.errors()).toBe(`filed as evidence entry e-7 on redis-slot-migration-leak: ${serverUrl}/incidents/redis-slot-migration-leak#entry-e-7\n`);

    expect(recorded).toHaveLength(1);
    const [request] = recorded;
    expect(request).toMatchObject({ method: "POST", url: "/api/v1/incidents/redis-slot-migration-leak/evidence", authorization: "Bearer s3cret", contentType: "application/json" });
    expect(request.body).toMatchObject({ title: "Diff review: 1 finding — getKeysInSlot (ownership-change)", reportName: "diff-review.json" });
    expect(request.body.summaryMarkdown).toMatch(/^### Diff review by feature\n[^]*^##### Ownership change: `getKeysInSlot`/m);
    expect(request.body.report).toMatchObject({ mode: "diff", findings: [{ function: "getKeysInSlot", kind: "ownership-change" }] });
  });

  it("backports --log takes the token from CASEBOOK_TOKEN and the title from --title", async () => {
    const io = captureIO(ONELINE_LOG);
    io.env.CASEBOOK_TOKEN = "from-env";
    const code = await runCli(["backports", "--log", "-", "--json", "--attach", "cache-oom", "--server", serverUrl, "--title", "3.2 fixes"], io);
    expect(code).toBe(0);
    expect(JSON.parse(io.output())).toMatchObject({ format: "oneline", entries: 2 });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ url: "/api/v1/incidents/cache-oom/evidence", authorization: "Bearer from-env" });
    expect(recorded[0].body).toMatchObject({ title: "3.2 fixes", reportName: "pasted-log.json", report: { format: "oneline", fixes: [{ kind: "fd", version: "3.2.9" }] } });
  });

  it("exits 2 with one line when the server refuses the evidence or cannot be reached", async () => {
    reply = { status: 404, body: { error: 'no incident with slug "nope"' } };
    const refusedByServer = captureIO();
    expect(await runCli(["diff-review", "--diff", FLIP_DIFF, "--attach", "nope", "--server", serverUrl], refusedByServer)).toBe(2);
    expect(refusedByServer.errors()).toBe('casebook diff-review: the server refused the evidence (HTTP 404): no incident with slug "nope"\n');

    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = captureIO(ONELINE_LOG);
    expect(await runCli(["backports", "--log", "-", "--attach", "cache-oom", "--server", closedUrl], unreachable)).toBe(2);
    const lines = unreachable.errors().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^casebook backports: cannot reach ${closedUrl.replace(/[.]/g, "\\.")}: `));
  });

  it("checks the attach options before any analysis runs", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["diff-review", "--diff", FLIP_DIFF, "--attach", "cache-oom"], /--attach needs --server URL/],
      [["diff-review", "--diff", FLIP_DIFF, "--server", serverUrl], /--server only applies with --attach SLUG/],
      [["backports", "--log", "-", "--attach", "Cache OOM", "--server", serverUrl], /--attach needs an incident slug/],
      [["backports", "--log", "-", "--attach", "cache-oom", "--server", "file:///tmp/casebook"], /--server must be an http:\/\/ or https:\/\/ URL/],
      [["backports", "--log", "-", "--attach", "cache-oom", "--server", "not a url"], /--server must be a URL/],
    ];
    for (const [args, message] of cases) {
      const io = captureIO(ONELINE_LOG);
      expect(await runCli(args, io), args.join(" ")).toBe(2);
      expect(io.output(), args.join(" ")).toBe("");
      expect(io.errors()).toMatch(message);
    }
    expect(recorded).toHaveLength(0);
  });
});
