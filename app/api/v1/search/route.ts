import { db } from "@/lib/http/context";
import { json, queryObject, route } from "@/lib/http/responses";
import { searchKnowledgeBase } from "@/lib/search/service";

/** ?q=… plus optional kind, status, severity, service, tag, from, to, offset, limit (see lib/search/service.ts). */
export const GET = route(async (request) => json(await searchKnowledgeBase(await db(), queryObject(request))));
