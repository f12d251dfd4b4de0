import { InvalidInputError, UnprocessableError } from "../../errors";

/**
 * The database named by DATABASE_URL (or the PostgreSQL used to diff migrations) cannot be reached
 * or refuses the login. A configuration problem for the operator, hence "bad input" (CLI exit 2).
 */
export class DatabaseUnreachableError extends InvalidInputError {}

/**
 * The migration history cannot be applied or diffed as it stands: a migration failed, an applied
 * migration.sql was edited afterwards, or the schema engine rejected the input.
 */
export class MigrationError extends UnprocessableError {}
