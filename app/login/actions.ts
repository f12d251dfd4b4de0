"use server";

import { redirect } from "next/navigation";
import { TooManyAttemptsError, UnauthorizedError } from "@/lib/auth/errors";
import { safeNextPath, signIn } from "@/lib/auth/login";
import { getDb } from "@/lib/db/client";
import { formText, requestMeta, setSessionCookie } from "../_auth/action-support";

export async function loginAction(formData: FormData): Promise<void> {
  const next = safeNextPath(formText(formData, "next"));
  const meta = await requestMeta();
  let failure: string | null = null;
  try {
    const session = await signIn(await getDb(), { email: formText(formData, "email"), password: formText(formData, "password"), ip: meta.ip, userAgent: meta.userAgent });
    await setSessionCookie(session.cookieValue, session.expiresAt, meta.secure);
  } catch (error) {
    if (error instanceof TooManyAttemptsError) failure = "rate";
    else if (error instanceof UnauthorizedError) failure = "credentials";
    else throw error;
  }
  if (failure) redirect(`/login?error=${failure}&next=${encodeURIComponent(next)}`);
  redirect(next);
}
