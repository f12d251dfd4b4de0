"use server";

import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/auth/audit";
import { createUser, findUserByEmail, setUserDisabled, setUserPassword, setUserRole } from "@/lib/auth/users";
import { isCasebookError } from "@/lib/errors";
import { actionCaller, formText } from "../../_auth/action-support";

/** Runs an admin change, records it, and comes back to the list with the outcome. */
async function adminChange(action: string, target: string, change: () => Promise<unknown>, details: Record<string, unknown> = {}): Promise<never> {
  const { db, viewer, ip } = await actionCaller("manage-users");
  let problem: string | null = null;
  try {
    await change();
  } catch (error) {
    if (!isCasebookError(error)) throw error;
    problem = error.issues?.map((issue) => issue.message).join("; ") || error.message;
  }
  await recordAudit(db, { viewer, action, targetType: "account", targetId: target, ip, outcome: problem ? "failed" : "success", details: problem ? { ...details, problem } : details });
  redirect(problem ? `/admin/users?error=${encodeURIComponent(problem)}` : `/admin/users?done=${encodeURIComponent(`${action} ${target}`)}`);
}

export async function addUserAction(formData: FormData): Promise<void> {
  const { db } = await actionCaller("manage-users");
  const input = { email: formText(formData, "email"), name: formText(formData, "name"), role: formText(formData, "role"), password: formText(formData, "password") };
  await adminChange("user-create", input.email.trim().toLowerCase(), () => createUser(db, input), { role: input.role });
}

export async function setRoleAction(formData: FormData): Promise<void> {
  const { db } = await actionCaller("manage-users");
  const email = formText(formData, "email");
  const role = formText(formData, "role");
  await adminChange("user-role", email, () => setUserRole(db, email, role), { role });
}

export async function setDisabledAction(formData: FormData): Promise<void> {
  const { db } = await actionCaller("manage-users");
  const email = formText(formData, "email");
  const disabled = formText(formData, "disabled") === "1";
  await adminChange(disabled ? "user-disable" : "user-enable", email, () => setUserDisabled(db, email, disabled));
}

export async function resetPasswordAction(formData: FormData): Promise<void> {
  const { db } = await actionCaller("manage-users");
  const email = formText(formData, "email");
  await adminChange("user-password-reset", email, async () => setUserPassword(db, (await findUserByEmail(db, email)).id, formText(formData, "password")));
}
