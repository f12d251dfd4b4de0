export * from "./portable";
export { parseIncidentFile, parseIncidentFileDetailed } from "./parse";
export { renderIncidentFile } from "./render";
export { parseIncidentJson, renderIncidentJson } from "./json";
export { readContentDir, scanContentDir, writeContentDir } from "./files";
