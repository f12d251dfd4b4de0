import { removeLessonFromIncident } from "@/lib/incidents/lessons";
import { actorOf, db, type Params } from "@/lib/http/context";
import { route } from "@/lib/http/responses";

export const DELETE = route(async (request, { params }: Params<"slug" | "lesson">) => {
  const { slug, lesson } = await params;
  await removeLessonFromIncident(await db(), slug, lesson, actorOf(request));
  return new Response(null, { status: 204 });
});
