"use server";

import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/auth/audit";
import { canManageIncidentAccess, setIncidentAccess } from "@/lib/auth/visibility";
import { isCasebookError } from "@/lib/errors";
import { actionCaller, formText } from "./action-support";

export async function setIncidentAccessAction(formData: FormData): Promise<void> {
  const { db, viewer, ip } = await actionCaller("write");
  const slug = formText(formData, "slug");
  const back = `/incidents/${encodeURIComponent(slug)}/edit`;
  if (!(await canManageIncidentAccess(db, viewer, slug))) redirect("/login?denied=1");
  const restricted = formText(formData, "restricted") === "on";
  const memberEmails = formText(formData, "members").split(/[\s,;]+/).filter(Boolean);
  let problem: string | null = null;
  try {
    await setIncidentAccess(db, viewer, slug, { restricted, memberEmails });
  } catch (error) {
    if (!isCasebookError(error)) throw error;
    problem = error.message;
  }
  await recordAudit(db, { viewer, action: "incident-access", targetType: "incident", targetId: slug, ip, outcome: problem ? "failed" : "success", details: { restricted, members: memberEmails, ...(problem ? { problem } : {}) } });
  redirect(problem ? `${back}?access-error=${encodeURIComponent(problem)}#access` : `${back}#access`);
}
