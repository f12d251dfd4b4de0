import { parseArgs, type ParseArgsConfig } from "node:util";
import { InvalidInputError } from "../errors";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with unknown/invalid options turned into a one-line InvalidInputError. */
export function parseCliArgs<T extends Options>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new InvalidInputError((error as Error).message.split("\n")[0]);
  }
}

/** Parses an integer option value, rejecting anything that is not a whole number in range. */
export function parseIntegerOption(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidInputError(`--${name} must be an integer, got "${value}"`);
  const parsed = Number(value);
  if (parsed < min) throw new InvalidInputError(`--${name} must be at least ${min}, got ${parsed}`);
  return parsed;
}
