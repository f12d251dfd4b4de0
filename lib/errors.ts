/**
 * Domain errors shared by the API, the CLI and the pages. Each carries the HTTP status it maps to;
 * the CLI maps every one of them to exit code 2 (bad input) except InternalError.
 */
export type ErrorIssue = { path: string; message: string };

export class CasebookError extends Error {
  readonly status: number;
  readonly issues?: ErrorIssue[];
  constructor(message: string, status: number, issues?: ErrorIssue[]) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.issues = issues;
  }
}

/** Malformed or invalid input (HTTP 400, CLI exit 2). */
export class InvalidInputError extends CasebookError {
  constructor(message: string, issues?: ErrorIssue[]) {
    super(message, 400, issues);
  }
}

export class ForbiddenError extends CasebookError {
  constructor(message: string) {
    super(message, 403);
  }
}

export class NotFoundError extends CasebookError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** A write based on a stale version (optimistic concurrency) or a uniqueness clash. */
export class ConflictError extends CasebookError {
  constructor(message: string) {
    super(message, 409);
  }
}

export class PayloadTooLargeError extends CasebookError {
  constructor(message: string) {
    super(message, 413);
  }
}

/** Well-formed request whose content cannot be processed (bad content file, unparseable dump). */
export class UnprocessableError extends CasebookError {
  constructor(message: string, issues?: ErrorIssue[]) {
    super(message, 422, issues);
  }
}

export function isCasebookError(error: unknown): error is CasebookError {
  return error instanceof CasebookError;
}
