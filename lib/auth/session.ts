import { AppError } from "@/lib/errors";
import { getViewer } from "./get-viewer";

export interface SessionUser {
  id: string;
  name: string | null;
  email: string | null;
}

/** The signed-in user, or null. A session whose user no longer exists counts as signed out. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const viewer = await getViewer();
  return viewer ? { id: viewer.id, name: viewer.name, email: viewer.email } : null;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in to do this.");
  return user;
}
