import { listLessons } from "@/lib/incidents/lessons";
import { db } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

export const GET = route(async () => json({ lessons: await listLessons(await db()) }));
