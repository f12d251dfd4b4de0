#!/usr/bin/env node
// The HTTP server `npm start` runs (scripts/start.mjs prepares build, database and content first):
// Next.js behind a plain node:http server, so that the address of the TCP peer reaches the app in a
// header no client can forge (x-casebook-peer, see scripts/peer-header.mjs). The trusted-proxy SSO
// check believes only that header. Usage: node scripts/serve.mjs [--dev]; HOST and PORT from the env.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setPeerHeader } from "./peer-header.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dev = process.argv.includes("--dev");
const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || "3000");
// As `next start` / `next dev` do, before Next.js is loaded.
process.env.NODE_ENV = dev ? "development" : "production";

const { default: next } = await import("next");
const app = next({ dev, hostname, port, dir: root });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  setPeerHeader(req);
  handle(req, res).catch((error) => {
    console.error("casebook serve: request failed:", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
// Next.js handles upgrade requests (dev hot reload) through the same handler.
server.on("upgrade", (req, socket, head) => {
  setPeerHeader(req);
  const upgrade = app.getUpgradeHandler?.();
  if (upgrade) upgrade(req, socket, head);
  else socket.destroy();
});
server.on("error", (error) => {
  console.error(`casebook serve: cannot listen on ${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => console.log(`casebook serve: ready on http://${hostname}:${port}${dev ? " (development)" : ""}`));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    // Keep-alive or streaming requests must not hold the shutdown forever.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
