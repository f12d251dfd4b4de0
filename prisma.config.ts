import { defineConfig } from "prisma/config";

// The Prisma CLI downloads a native schema engine at every start; generate/validate/format do not
// need it, so any existing file satisfies the check offline. Migrations run through the wasm engine
// (`casebook db migrate`), not through this CLI.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
