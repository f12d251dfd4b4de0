import { PassThrough, Readable } from "node:stream";
import { runCli } from "@/lib/cli/main";

/** Runs the CLI in-process against `databaseUrl`, with optional standard input. */
export async function cli(args: string[], databaseUrl: string, stdinText = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk) => out.push(String(chunk)));
  stderr.on("data", (chunk) => err.push(String(chunk)));
  const env = { ...process.env, DATABASE_URL: databaseUrl, CASEBOOK_PUBLIC_URL: "https://casebook.example.com" };
  const code = await runCli(args, { stdin: Readable.from([Buffer.from(stdinText)]), stdout, stderr, isTTY: false, env, cwd: process.cwd() });
  return { code, stdout: out.join(""), stderr: err.join("") };
}
