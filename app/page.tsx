import { guardPage } from "@/app/_auth/guard-page";
import { redirect } from "next/navigation";

export const dynamic = "force-dynamic";

/** The home page is the incident list; filters in the query string carry over. */
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await guardPage("/");
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    if (typeof value === "string") query.set(key, value);
  }
  const text = query.toString();
  redirect(text ? `/incidents?${text}` : "/incidents");
}
