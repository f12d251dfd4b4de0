import { db } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  await (await db()).incident.count();
  return json({ ok: true });
}, { permission: "public" });
