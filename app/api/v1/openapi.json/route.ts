import { buildOpenApiDocument } from "@/lib/http/openapi";
import { json, route } from "@/lib/http/responses";

export const GET = route(async () => json(buildOpenApiDocument()));
