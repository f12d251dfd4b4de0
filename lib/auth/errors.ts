import { CasebookError } from "../errors";

/** No or no valid credential (HTTP 401). */
export class UnauthorizedError extends CasebookError {
  constructor(message: string) {
    super(message, 401);
  }
}

/** Too many failed sign-ins (HTTP 429). */
export class TooManyAttemptsError extends CasebookError {
  constructor(message: string) {
    super(message, 429);
  }
}
