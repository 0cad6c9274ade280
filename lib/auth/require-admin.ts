import { AppError } from "@/lib/errors";
import { getViewer, type Viewer } from "./get-viewer";

/** A signed-in admin. Others get 401 (signed out) or 403; admins need no researcher profile. */
export async function requireAdmin(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("unauthorized", "Sign in to do this.");
  if (!viewer.isAdmin) throw new AppError("forbidden", "Only admins can do this.");
  return viewer;
}
