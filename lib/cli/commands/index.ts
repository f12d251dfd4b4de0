import type { CliCommand } from "../command";
import { incidentCommands } from "./incident";
import { dbCommands } from "./db";

/** Every CLI command; each area adds its commands here. */
export const commands: CliCommand[] = [
  ...incidentCommands,...dbCommands];
