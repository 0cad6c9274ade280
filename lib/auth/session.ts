import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { checkLostSession } from "./check-lost-session";
import { auth } from "./config";

export interface SessionUser {
  id: string;
  name: string | null;
  email: string | null;
}

/** The signed-in user, or null. A session whose user no longer exists counts as signed out. */
export async function getSessionUser(): Promise<SessionUser | null> {
  let id = (await auth())?.user?.id;
  if (!id && (await checkLostSession())) id = (await auth())?.user?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
  return user;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in to do this.");
  return user;
}
