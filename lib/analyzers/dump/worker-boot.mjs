// Worker threads do not inherit the TypeScript loader of the thread that starts them (bin/casebook.mjs,
// vitest, tsx): load worker.ts through tsx's scoped import, which also resolves the .ts imports it makes.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
