import type { z } from "zod";
import { InvalidInputError, type ErrorIssue } from "../errors";

export function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

/** Validates input against a schema, turning zod's error into an InvalidInputError (HTTP 400, CLI exit 2). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "input"): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = zodIssues(result.error);
    const first = issues[0];
    throw new InvalidInputError(`invalid ${what}: ${first.path}: ${first.message}`, issues);
  }
  return result.data;
}
