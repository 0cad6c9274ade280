import { notFound, redirect } from "next/navigation";
import { getViewer, type Viewer } from "./get-viewer";

export type PageAccess = "signed-in" | "researcher" | "admin";

/**
 * Server-side guard for pages: signed-out visitors go to the sign-in page, researchers without a finished
 * profile to onboarding, non-admins on admin pages get a 404 (the admin area does not advertise itself).
 */
export async function guardPage(access: PageAccess, path: string): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  if (access === "admin") {
    if (!viewer.isAdmin) notFound();
    return viewer;
  }
  if (access === "researcher" && !viewer.onboarded) redirect(`/onboarding?callbackUrl=${encodeURIComponent(path)}`);
  return viewer;
}
